package inbound

import "testing"

func TestTokenFromAddresses(t *testing.T) {
	const reply = "reply@xietong.example.gov.cn"
	tests := []struct {
		name   string
		config string
		addrs  []Address
		want   string
		wantOK bool
	}{
		{"plus part", reply, []Address{{Addr: "reply+abc123@xietong.example.gov.cn"}}, "abc123", true},
		{"upper case", reply, []Address{{Addr: "REPLY+ABC123@XIETONG.Example.GOV.CN"}}, "abc123", true},
		{"second address", reply, []Address{{Addr: "zhangwei@gzzjj.example.gov.cn"}, {Addr: "reply+t1@xietong.example.gov.cn"}}, "t1", true},
		{"config with name", "督办平台 <reply@xietong.example.gov.cn>", []Address{{Addr: "reply+t2@xietong.example.gov.cn"}}, "t2", true},
		{"config with plus", "reply+x@xietong.example.gov.cn", []Address{{Addr: "reply+t3@xietong.example.gov.cn"}}, "t3", true},
		{"IDN config", "reply@协同.政务.中国", []Address{{Addr: "reply+t4@" + NormalizeAddr("a@协同.政务.中国")[2:]}}, "t4", true},
		{"IDN address", "reply@" + NormalizeAddr("a@协同.中国")[2:], []Address{{Addr: "reply+t5@协同.中国"}}, "t5", true},
		{"plus dropped", reply, []Address{{Addr: "reply@xietong.example.gov.cn"}}, "", false},
		{"empty token", reply, []Address{{Addr: "reply+@xietong.example.gov.cn"}}, "", false},
		{"other domain", reply, []Address{{Addr: "reply+abc@evil.example.com"}}, "", false},
		{"other local part", reply, []Address{{Addr: "noreply+abc@xietong.example.gov.cn"}}, "", false},
		{"subdomain", reply, []Address{{Addr: "reply+abc@mail.xietong.example.gov.cn"}}, "", false},
		{"bad config", "not an address", []Address{{Addr: "reply+abc@xietong.example.gov.cn"}}, "", false},
		{"none", reply, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TokenFromAddresses(tt.config, tt.addrs...)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %q %v, want %q %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestTokenFromMessageIDs(t *testing.T) {
	const domain = "xietong.example.gov.cn"
	tests := []struct {
		name   string
		ids    []string
		want   string
		wantOK bool
	}{
		{"ours", []string{"xt.k7q2m4.3f9a1c@xietong.example.gov.cn"}, "k7q2m4", true},
		{"brackets", []string{"<xt.k7q2m4.3f9a1c@xietong.example.gov.cn>"}, "k7q2m4", true},
		{"case", []string{"XT.K7Q2M4.3F9A1C@XIETONG.EXAMPLE.GOV.CN"}, "k7q2m4", true},
		{"first of ours wins", []string{"CAF1@mail.gmail.com", "xt.first.r1@xietong.example.gov.cn", "xt.second.r2@xietong.example.gov.cn"}, "first", true},
		{"other domain", []string{"xt.k7q2m4.3f9a1c@other.example.com"}, "", false},
		{"no random part", []string{"xt.k7q2m4@xietong.example.gov.cn"}, "", false},
		{"empty token", []string{"xt..3f9a1c@xietong.example.gov.cn"}, "", false},
		{"empty random", []string{"xt.k7q2m4.@xietong.example.gov.cn"}, "", false},
		{"not ours", []string{"000001db8c3f$5e2f7a30$@gzzjj.example.gov.cn"}, "", false},
		{"no domain", []string{"xt.a.b"}, "", false},
		{"none", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TokenFromMessageIDs(tt.ids, domain)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %q %v, want %q %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestTaskTagFromSubject(t *testing.T) {
	tests := []struct {
		subject string
		want    int64
		wantOK  bool
	}{
		{"答复: [督办#123] 关于……的督办通知", 123, true},
		{"Re: [Task #123] Task assigned", 123, true},
		{"RE: [task#7]", 7, true},
		{"回复：【督办＃1036】整改进展", 1036, true},
		{"［督办＃１２］", 12, true},
		{"[ 督办 # 42 ]", 42, true},
		{"[督辦#9] 回覆", 9, true},
		{"[任务#5]", 5, true},
		{"督办#123 without brackets", 0, false},
		{"[督办#] empty", 0, false},
		{"[督办#0]", 0, false},
		{"[督办#99999999999999999999]", 0, false},
		{"[其他#123]", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			got, ok := TaskTagFromSubject(tt.subject)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("TaskTagFromSubject(%q) = %d %v, want %d %v", tt.subject, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNormalizeAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ZhangWei@GZZJJ.Example.Gov.CN", "zhangwei@gzzjj.example.gov.cn"},
		{" <lina@住建局.中国> ", "lina@xn--pqq682a25b.xn--fiqs8s"},
		{"lina@XN--PQQ682A25B.xn--fiqs8s", "lina@xn--pqq682a25b.xn--fiqs8s"},
		{"lina@住建局。中国", "lina@xn--pqq682a25b.xn--fiqs8s"},
		{"a@example.com.", "a@example.com"},
		{"no-at-sign", "no-at-sign"},
	}
	for _, tt := range tests {
		if got := NormalizeAddr(tt.in); got != tt.want {
			t.Errorf("NormalizeAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
