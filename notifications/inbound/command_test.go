package inbound

import "testing"

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Command
	}{
		{"accept zh", "签收", Command{Kind: CmdAccept}},
		{"accept zh punctuation", "签收。", Command{Kind: CmdAccept}},
		{"accept zh with note", "签收，今天安排人员对接", Command{Kind: CmdAccept, Note: "今天安排人员对接"}},
		{"accept zh lines below", "签收\n\n张伟\n城建科", Command{Kind: CmdAccept, Note: "张伟\n城建科"}},
		{"accept traditional", "簽收", Command{Kind: CmdAccept}},
		{"accept en", "accept", Command{Kind: CmdAccept}},
		{"accept en case", "ACCEPT.", Command{Kind: CmdAccept}},
		{"accept en with note", "Accept - will start Monday", Command{Kind: CmdAccept, Note: "will start Monday"}},
		{"accepted is prose", "Accepted, thanks", Command{Note: "Accepted, thanks"}},
		{"leading blank lines", "\n\n  签收\n", Command{Kind: CmdAccept}},
		{"ideographic space", "\u3000签收", Command{Kind: CmdAccept}},
		{"signed by is not accept", "签收人：张伟", Command{Note: "签收人：张伟"}},

		{"progress full-width colon", "进展：已完成摸排", Command{Kind: CmdProgress, Note: "已完成摸排"}},
		{"progress ascii colon", "进展:已完成摸排", Command{Kind: CmdProgress, Note: "已完成摸排"}},
		{"progress space", "进展 已完成摸排", Command{Kind: CmdProgress, Note: "已完成摸排"}},
		{"progress lines below", "进展：已完成摸排\n剩余3个下周签约", Command{Kind: CmdProgress, Note: "已完成摸排\n剩余3个下周签约"}},
		{"progress paragraph kept", "进展：一\n\n张伟", Command{Kind: CmdProgress, Note: "一\n\n张伟"}},
		{"progress alone", "进展\n详见附件", Command{Kind: CmdProgress, Note: "详见附件"}},
		{"progress runs into word", "进展顺利，下周完成", Command{Note: "进展顺利，下周完成"}},
		{"progress en", "progress: 7 of 12 started", Command{Kind: CmdProgress, Note: "7 of 12 started"}},
		{"progress en case", "PROGRESS : 7 of 12 started", Command{Kind: CmdProgress, Note: "7 of 12 started"}},
		{"progress en full-width colon", "Progress：7 of 12 started", Command{Kind: CmdProgress, Note: "7 of 12 started"}},
		{"progress en prose", "Progress is slow this week", Command{Note: "Progress is slow this week"}},
		{"progress traditional", "進展：已完成", Command{Kind: CmdProgress, Note: "已完成"}},

		{"done zh", "办结：已整改完毕", Command{Kind: CmdSubmit, Note: "已整改完毕"}},
		{"done zh comma", "办结，已整改完毕", Command{Kind: CmdSubmit, Note: "已整改完毕"}},
		{"done en", "done: all fixed", Command{Kind: CmdSubmit, Note: "all fixed"}},
		{"done en alone", "Done", Command{Kind: CmdSubmit}},
		{"done en prose", "Done with the survey, report next week", Command{Note: "Done with the survey, report next week"}},

		{"extend iso", "延期 2025-03-20", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend no space", "延期2025-03-20", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend slashes", "延期 2025/3/20", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend han", "延期 2025年3月20日", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend zhi han", "延期至2025年3月20日。原因：资金未到位", Command{Kind: CmdExtend, Date: "2025-03-20", Note: "原因：资金未到位"}},
		{"extend full-width digits", "延期：２０２５－０３－２０", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend full-width han", "延期至２０２５年３月２８日", Command{Kind: CmdExtend, Date: "2025-03-28"}},
		{"extend compact", "延期 20250320", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend with reason below", "延期 2025-03-20\n原因：协商未完", Command{Kind: CmdExtend, Date: "2025-03-20", Note: "原因：协商未完"}},
		{"extend en", "extend 2025-03-20", Command{Kind: CmdExtend, Date: "2025-03-20"}},
		{"extend en to", "Extend to 2025-03-20, steel delayed", Command{Kind: CmdExtend, Date: "2025-03-20", Note: "steel delayed"}},
		{"extend impossible date", "延期 2025-02-30", Command{Kind: CmdExtend, Note: "2025-02-30"}},
		{"extend no date", "延期，请批准", Command{Kind: CmdExtend, Note: "请批准"}},
		{"extend month 13", "extend 2025-13-01", Command{Kind: CmdExtend, Note: "2025-13-01"}},
		{"extend leap day", "延期 2028-02-29", Command{Kind: CmdExtend, Date: "2028-02-29"}},

		{"no command", "收到，我们正在协调。", Command{Note: "收到，我们正在协调。"}},
		{"command on second line", "您好：\n签收", Command{Note: "您好：\n签收"}},
		{"empty", "", Command{}},
		{"crlf", "签收\r\n谢谢", Command{Kind: CmdAccept, Note: "谢谢"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseCommand(tt.text); got != tt.want {
				t.Errorf("ParseCommand(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
		})
	}
}
