package server

import (
	"net/http"
	"testing"

	"xietong/domain/store/storetest"
)

func TestRegionList(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, member := e.mustUser("resident1", "department", "xian-public_security", "")
		list := func(query string) []regionJSON {
			t.Helper()
			r := e.get("/api/v1/regions"+query, member)
			wantStatus(t, r, http.StatusOK)
			var l listJSON[regionJSON]
			r.json(t, &l)
			if l.Next != nil {
				t.Errorf("%s: next %q, want one page", query, *l.Next)
			}
			return l.Items
		}

		all := list("")
		byCode := map[string]regionJSON{}
		count := map[string]int{}
		for i, g := range all {
			if i > 0 && g.Code <= all[i-1].Code {
				t.Errorf("%s after %s: not in code order", g.Code, all[i-1].Code)
			}
			byCode[g.Code] = g
			count[g.Level]++
		}
		if len(all) != 117 || count["city"] != 10 || count["county"] != 107 {
			t.Errorf("got %d regions %v, want 10 cities and 107 counties", len(all), count)
		}
		for _, g := range all {
			switch g.Level {
			case "city":
				if g.Parent != nil {
					t.Errorf("city %s: parent %q", g.Code, *g.Parent)
				}
			case "county":
				if g.Parent == nil || byCode[*g.Parent].Level != "city" {
					t.Errorf("county %s: parent %v is not a city", g.Code, g.Parent)
				}
			}
		}
		spot := []struct{ code, name, en, parent string }{
			{"610100", "西安市", "Xi'an", ""},
			{"610323", "岐山县", "Qishan County", "610300"},
			{"610722", "城固县", "Chenggu County", "610700"},
			{"610725", "勉县", "Mian County", "610700"},
			{"610581", "韩城市", "Hancheng", "610500"},
		}
		for _, s := range spot {
			g := byCode[s.code]
			parent := ""
			if g.Parent != nil {
				parent = *g.Parent
			}
			if g.Name != s.name || g.NameEn != s.en || parent != s.parent {
				t.Errorf("%s: got %+v parent %q, want %s %q parent %q", s.code, g, parent, s.name, s.en, s.parent)
			}
		}

		if cities := list("?level=city"); len(cities) != 10 || cities[0].Code != "610100" || cities[9].Code != "611000" {
			t.Errorf("level=city: got %d, first %+v", len(cities), cities)
		}
		if n := len(list("?level=county")); n != 107 {
			t.Errorf("level=county: got %d", n)
		}
		hz := list("?parent=610700")
		if len(hz) != 11 || hz[0].Code != "610702" {
			t.Errorf("parent=610700: got %d, %+v", len(hz), hz)
		}
		for _, g := range hz {
			if g.Parent == nil || *g.Parent != "610700" {
				t.Errorf("parent=610700 lists %+v", g)
			}
		}
		if n := len(list("?level=county&parent=610200")); n != 4 {
			t.Errorf("Tongchuan's counties: got %d, want 4", n)
		}
		if n := len(list("?parent=610323")); n != 0 {
			t.Errorf("a county's children: got %d, want 0", n)
		}

		areas := list("?level=area")
		if len(areas) != 3 {
			t.Fatalf("areas: got %+v", areas)
		}
		want := map[string]string{"hancheng": "610581", "xixian": "", "yangling": "610403"}
		for _, a := range areas {
			covers := ""
			if len(a.Covers) == 1 {
				covers = a.Covers[0]
			}
			if w, ok := want[a.Code]; !ok || covers != w || a.Level != "area" || len(a.Within) == 0 {
				t.Errorf("area %+v", a)
			}
		}

		if xy := list("?level=area&parent=610400"); len(xy) != 2 || xy[0].Code != "xixian" || xy[1].Code != "yangling" {
			t.Errorf("areas in Xianyang: got %+v", xy)
		}

		for _, q := range []string{"?level=province", "?parent=xian", "?parent=61010"} {
			r := e.get("/api/v1/regions"+q, member)
			wantStatus(t, r, http.StatusBadRequest)
		}
		r := e.get("/api/v1/regions", "")
		wantStatus(t, r, http.StatusUnauthorized)
	})
}
