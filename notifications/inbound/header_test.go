package inbound

import (
	"encoding/base64"
	"reflect"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestDecodeHeader(t *testing.T) {
	gbk := func(s string) string { return string(mustEncode("gbk", s)) }
	b64 := func(cs, s string) string { return base64.StdEncoding.EncodeToString(mustEncode(cs, s)) }
	split := mustEncode("gbk", "督办")
	utf := []byte("督办")
	tests := []struct{ name, in, want string }{
		{"plain ascii", "Re: hello", "Re: hello"},
		{"utf-8 B", "=?UTF-8?B?" + b64("utf-8", "督办通知") + "?=", "督办通知"},
		{"gbk Q", "=?gbk?Q?=B6=BD=B0=EC?=", "督办"},
		{"gb2312 label, GBK character", "=?gb2312?B?" + b64("gbk", "镕") + "?=", "镕"},
		{"gb18030 four-byte", "=?gb18030?B?" + b64("gb18030", "𠮷👍") + "?=", "𠮷👍"},
		{"big5", "=?big5?B?" + b64("big5", "督辦") + "?=", "督辦"},
		{"words joined across space", "=?utf-8?B?" + b64("utf-8", "督") + "?= =?utf-8?B?" + b64("utf-8", "办") + "?=", "督办"},
		{"gbk char split across words", "=?gbk?B?" + base64.StdEncoding.EncodeToString(split[:1]) + "?=\r\n =?gbk?B?" + base64.StdEncoding.EncodeToString(split[1:]) + "?=", "督办"},
		{"utf-8 char split across words", "=?utf-8?B?" + base64.StdEncoding.EncodeToString(utf[:2]) + "?= =?utf-8?B?" + base64.StdEncoding.EncodeToString(utf[2:]) + "?=", "督办"},
		{"text around words", "Re: =?utf-8?Q?=E7=9D=A3=E5=8A=9E?= #1", "Re: 督办 #1"},
		{"Q underscore", "=?utf-8?Q?a_b?=", "a b"},
		{"language suffix", "=?utf-8*zh?Q?=E7=9D=A3?=", "督"},
		{"missing padding", "=?utf-8?B?" + base64.RawStdEncoding.EncodeToString([]byte("督办")) + "?=", "督办"},
		{"raw gbk", gbk("回复：督办"), "回复：督办"},
		{"raw utf-8", "回复：督办", "回复：督办"},
		{"unknown charset, utf-8 bytes", "=?x-made-up?B?" + b64("utf-8", "督办") + "?=", "督办"},
		{"broken base64 kept", "=?utf-8?B?***?=", "=?utf-8?B?***?="},
		{"different charsets", "=?gbk?B?" + b64("gbk", "督") + "?= =?big5?B?" + b64("big5", "辦") + "?=", "督辦"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeHeader(tt.in); got != tt.want {
				t.Errorf("decodeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecodeCharset(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		charset string
		want    string
	}{
		{"utf-8", []byte("督办"), "utf-8", "督办"},
		{"gb2312", mustEncode("gbk", "督办"), "GB2312", "督办"},
		{"quoted label", mustEncode("gbk", "督办"), `"gbk"`, "督办"},
		{"gb18030 four-byte", mustEncode("gb18030", "𠮷"), "gb18030", "𠮷"},
		{"big5", mustEncode("big5", "進展"), "big5", "進展"},
		{"us-ascii label, gbk bytes", mustEncode("gbk", "签收"), "us-ascii", "签收"},
		{"utf-8 label, gbk bytes", mustEncode("gbk", "签收"), "utf-8", "签收"},
		{"no label, gbk bytes", mustEncode("gbk", "签收"), "", "签收"},
		{"iso-8859-1", []byte{'c', 0xe9}, "iso-8859-1", "cé"},
		{"windows-1252", []byte{0x93, 'x', 0x94}, "windows-1252", "\u201cx\u201d"},
		{"hz", []byte("~{6=0l~}"), "hz-gb-2312", "督办"},
		{"unknown label", []byte("ok"), "x-nonsense", "ok"},
		{"gb2312 label, utf-8 bytes", []byte("签收，已完成摸排"), "gb2312", "签收，已完成摸排"},
		{"gbk label, utf-8 bytes invalid in gbk", []byte("签收。"), "gbk", "签收。"},
		{"big5 label, utf-8 bytes", []byte("進展：已完成"), "big5", "進展：已完成"},
		{"iso-8859-1 label, utf-8 bytes", []byte("Grüße, Müller"), "iso-8859-1", "Grüße, Müller"},
		{"short gbk that is valid utf-8 too", []byte{0xc7, 0xa9}, "gbk", "签"},
		{"no label, big5 bytes", mustEncode("big5", big5Text), "", big5Text},
		{"utf-8 label, big5 bytes", mustEncode("big5", big5Text), "utf-8", big5Text},
		{"no label, latin-1 bytes", latin1(latin1Text), "", latin1Text},
		{"us-ascii label, latin-1 bytes", latin1(latin1Text), "us-ascii", latin1Text},
		{"no label, short big5 invalid in gb18030", mustEncode("big5", "收到"), "", "收到"},
		{"no label, short latin-1 invalid in cjk", latin1("café"), "", "café"},
		{"no label, long gbk bytes", mustEncode("gbk", "进展：已完成12个小区的现场摸排，其中9个已签订施工合同。"), "", "进展：已完成12个小区的现场摸排，其中9个已签订施工合同。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeCharset(tt.in, tt.charset); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := decodeCharset([]byte{0xff, 0xfe, 0x81}, "gbk"); !utf8.ValidString(got) {
		t.Errorf("invalid bytes gave invalid UTF-8 %q", got)
	}
}

// Texts long enough for the detector to tell their charset.
const (
	big5Text   = "進展：已完成12個小區的現場摸排，其中9個已簽訂施工合同。"
	latin1Text = "progress: les relevés de 12 résidences sont terminés. Très bien, à bientôt."
)

// latin1 encodes s in ISO-8859-1.
func latin1(s string) []byte {
	b, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestMediaTypeFilename(t *testing.T) {
	pct := corpusFuncs["pct"].(func(string, string) string)
	tests := []struct{ name, header, want string }{
		{"plain", `attachment; filename="report.pdf"`, "report.pdf"},
		{"rfc 2231 utf-8", `attachment; filename*=UTF-8''` + pct("utf-8", "整改报告.pdf"), "整改报告.pdf"},
		{"rfc 2231 gbk", `attachment; filename*=GBK''` + pct("gbk", "整改报告.pdf"), "整改报告.pdf"},
		{"rfc 2231 language", `attachment; filename*=gb2312'zh-cn'` + pct("gbk", "整改.doc"), "整改.doc"},
		{"rfc 2231 continued", `attachment; filename*0*=UTF-8''` + pct("utf-8", "整改") + `; filename*1*=` + pct("utf-8", "报告") + `; filename*2=".pdf"`, "整改报告.pdf"},
		{"rfc 2231 out of order", `attachment; filename*1="b.pdf"; filename*0="a"`, "ab.pdf"},
		{"rfc 2047 in quotes", `attachment; filename="=?gb2312?B?` + base64.StdEncoding.EncodeToString(mustEncode("gbk", "验收报告.pdf")) + `?="`, "验收报告.pdf"},
		{"raw gbk", `attachment; filename="` + string(mustEncode("gbk", "照片.jpg")) + `"`, "照片.jpg"},
		{"raw utf-8 unquoted", `attachment; filename=照片.jpg`, "照片.jpg"},
		{"semicolon in quotes", `attachment; filename="a;b.txt"`, "a;b.txt"},
		{"escaped quote", `attachment; filename="say \"hi\".txt"`, `say "hi".txt`},
		{"broken parameter", `attachment; filename="x.pdf"; ===`, "x.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			disp, params := mediaType(tt.header)
			if disp != "attachment" || params["filename"] != tt.want {
				t.Errorf("mediaType(%q) = %q %q, want attachment %q", tt.header, disp, params["filename"], tt.want)
			}
		})
	}
}

func TestDecodeTransfer(t *testing.T) {
	tests := []struct{ name, cte, in, want string }{
		{"base64 lines", "base64", "5Y+R6LW3\r\n5p2l\r\n", "发起来"},
		{"base64 junk", "Base64", "5Y+R*6LW3!\n", "发起"},
		{"base64 truncated", "base64", "5Y+R6L", "发\xe8"},
		{"qp", "quoted-printable", "=E7=AD=BE=\r\n=E6=94=B6", "签收"},
		{"qp bad escape", "quoted-printable", "a=ZZb=\r\nc", "a=ZZbc"},
		{"qp control byte", "quoted-printable", "a\x01b=41", "a\x01bA"},
		{"8bit", "8bit", "签收", "签收"},
		{"unknown", "x-uuencode", "abc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(decodeTransfer(tt.cte, []byte(tt.in))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnflow(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		delsp bool
		want  string
	}{
		{"soft breaks", "one two \nthree\nfour", false, "one two three\nfour"},
		{"delsp", "整改完成率 \n86%", true, "整改完成率86%"},
		{"quotes by depth", "> a \n> b\n>> c \n>> d\ne", false, "> a b\n>> c d\ne"},
		{"signature line", "-- \nZhao", false, "-- \nZhao"},
		{"space stuffed", " From here\nok", false, "From here\nok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unflow(tt.in, tt.delsp); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseAddressList(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Address
	}{
		{"simple", "Li Ming <LiMing@Example.CN>", []Address{{"Li Ming", "liming@example.cn"}}},
		{"qq semicolons", `"黄丽"<2845731960@qq.com>;"张伟"<zw@x.cn>;`, []Address{{"黄丽", "2845731960@qq.com"}, {"张伟", "zw@x.cn"}}},
		{"outlook quotes", `"'张伟'" <zw@x.cn>`, []Address{{"张伟", "zw@x.cn"}}},
		{"encoded name in quotes", `"=?utf-8?B?5byg5Lyf?=" <zw@x.cn>`, []Address{{"张伟", "zw@x.cn"}}},
		{"comma in name", `"Li, Ming" <lm@x.cn>, wf@x.cn`, []Address{{"Li, Ming", "lm@x.cn"}, {"", "wf@x.cn"}}},
		{"comment form", "lm@x.cn (Li Ming)", []Address{{"Li Ming", "lm@x.cn"}}},
		{"group", "undisclosed-recipients:;", nil},
		{"idn", "李娜 <lina@住建局.中国>", []Address{{"李娜", "lina@xn--pqq682a25b.xn--fiqs8s"}}},
		{"raw gbk name", `"` + string(mustEncode("gbk", "冯建国")) + `" <f@x.cn>`, []Address{{"冯建国", "f@x.cn"}}},
		{"unclosed bracket", "张伟 <zw@x.cn", []Address{{"张伟", "zw@x.cn"}}},
		{"garbage", "not an address", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseAddressList(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseAddressList(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMsgIDs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"<a@b> <c@d>", []string{"a@b", "c@d"}},
		{"<a@b>,\r\n\t<c@d>", []string{"a@b", "c@d"}},
		{"a@b c@d", []string{"a@b", "c@d"}},
		{"(comment) <a@b>", []string{"a@b"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := parseMsgIDs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseMsgIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
