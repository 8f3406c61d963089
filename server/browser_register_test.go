package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain"
)

// TestBrowserRegisterImport drives a city housing bureau through the
// register's import in a real browser: a CSV with one bad row is checked
// and its problem shown, the fixed file is imported, and its communities
// are on the list. Set XIETONG_SCREENSHOT_DIR=DIR to keep screenshots.
func TestBrowserRegisterImport(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	env := newWebEnv(t, false)
	if _, err := env.users.CreateUser(context.Background(), domain.SystemActor(), domain.CreateUser{
		Username: "xabureau", DisplayName: "西安市住建局", Email: "xabureau@example.cn", Role: domain.RoleDepartment,
		OrgCode: "xian-housing", Password: webAdminPassword}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "台账.csv")
	good := filepath.Join(dir, "台账-修改.csv")
	header := "小区编码,小区名称,区划代码,地址,规模,住房类型,户数,社会化物业管理,物业服务企业\n"
	if err := os.WriteFile(bad, []byte(header+
		"xa-web-1,曲江一号院,610113,曲江路 1 号,小区,公租房,320,是,曲江物业\n"+
		"xa-web-2,未央二号院,610112,未央路 2 号,小区,别墅,150,否,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(header+
		"xa-web-1,曲江一号院,610113,曲江路 1 号,小区,公租房,320,是,曲江物业\n"+
		"xa-web-2,未央二号院,610112,未央路 2 号,小区,廉租房,150,否,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newChrome(t)
	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	shot := func(name string) {
		t.Helper()
		if d := os.Getenv("XIETONG_SCREENSHOT_DIR"); d != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	do("sign in as the Xi'an bureau",
		signInSteps(env.URL+"/login?next=%2Fcommunities", "xabureau", webAdminPassword, "#register-import")...)
	do("check the file with a bad row",
		chromedp.SetUploadFiles(chromedp.CSS("#register-file"), []string{bad}),
		chromedp.Click(chromedp.CSS("#register-dry-run")),
		chromedp.WaitVisible(chromedp.CSS("#import-problems")))
	if got := text("#import-problems tbody"); !strings.Contains(got, "3 住房类型") || !strings.Contains(got, "别墅") {
		t.Errorf("problem table: got %q, want row 3, column 住房类型", got)
	}
	shot("register_problems.png")
	if got := text("#communities"); strings.Contains(got, "曲江一号院") {
		t.Error("a dry run imported")
	}
	do("import the fixed file",
		chromedp.SetUploadFiles(chromedp.CSS("#register-file"), []string{good}),
		chromedp.Click(chromedp.CSS("#register-import-button")),
		chromedp.WaitVisible(chromedp.CSS("#import-result")))
	if got := text("#import-result"); !strings.Contains(got, "新增 2 个") {
		t.Errorf("result: got %q", got)
	}
	do("filter the list to Xi'an",
		chromedp.SetValue(chromedp.CSS(`select[name="city"]`), "610100"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		// The filtered page is the one with the link that clears the filters.
		chromedp.WaitVisible(chromedp.CSS("form.filters a.reset")),
		chromedp.WaitVisible(chromedp.CSS("#communities tbody tr")))
	got := text("#communities")
	for _, want := range []string{"曲江一号院", "未央二号院", "雁塔区", "廉租房", "曲江物业"} {
		if !strings.Contains(got, want) {
			t.Errorf("the list lacks %s: %q", want, got)
		}
	}
	if strings.Contains(got, "金合尙居") {
		t.Error("Baoji's community is on Xi'an's list")
	}
	shot("register_list.png")
}
