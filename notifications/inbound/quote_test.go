package inbound

import "testing"

// TestStripQuoted holds each client's marker shape, and the lines that
// look like markers but are the sender's own text.
func TestStripQuoted(t *testing.T) {
	const q = "\n原通知正文\n签收\n进展：（进展情况）"
	tests := []struct {
		name, in, want string
	}{
		{"nothing to strip", "签收\n\n张伟", "签收\n\n张伟"},
		{"outlook zh rule", "办结：完成\n\n-----原始邮件-----\n发件人: 平台" + q, "办结：完成"},
		{"outlook en rule", "done: ok\n-----Original Message-----\nFrom: x" + q, "done: ok"},
		{"outlook zh header block", "签收\n\n发件人: 平台 <reply@x.cn>\n发送时间: 2025年3月3日 9:01\n收件人: 张伟\n主题: [督办#1]" + q, "签收"},
		{"outlook zh header block full-width", "签收\n发件人：平台\n发送时间：2025年3月3日 9:01\n主题：[督办#1]" + q, "签收"},
		{"outlook en header block", "accept\n\nFrom: System <reply@x.cn>\nSent: Monday, March 3, 2025 9:01 AM\nTo: Li\nSubject: x" + q, "accept"},
		{"outlook bold header block", "accept\n*From:* System\n*Sent:* Monday\n*To:* Li" + q, "accept"},
		{"outlook mobile underscores", "Accept\n\n________________________________\nFrom: System\nSent: Monday" + q, "Accept"},
		{"outlook zh-TW", "進展：完成\n寄件者: 平臺\n寄件日期: 2025年3月3日\n主旨: x" + q, "進展：完成"},
		{"foxmail zh", "进展：完成\n \n------------------ 原始邮件 ------------------\n发件人: \"平台\"<reply@x.cn>;" + q, "进展：完成"},
		{"foxmail nbsp", "done: ok\n------------------&nbsp;Original&nbsp;------------------\nFrom: &nbsp;x" + q, "done: ok"},
		{"foxmail nbsp char", "done: ok\n------------------\u00a0Original\u00a0------------------" + q, "done: ok"},
		{"qq header block nbsp", "签收\n发件人:&nbsp;\"平台\"<reply@x.cn&gt;;\n发送时间:&nbsp;2025年3月3日(星期一) 上午9:01" + q, "签收"},
		{"netease attribution", "延期 2025-03-20\n\n在 2025-03-03 09:00:00，xietong@x.cn 写道：" + q, "延期 2025-03-20"},
		{"netease quoted attribution", "延期 2025-03-20\n在 2025-03-03 09:00:00，\"平台\" <reply@x.cn> 写道：\n>原通知", "延期 2025-03-20"},
		{"netease rule", "延期 2025年3月20日\n---- 回复的原邮件 ----\n| 发件人 | 平台 |" + q, "延期 2025年3月20日"},
		{"netease en rule", "extend 2025-03-20\n---- Replied Message ----" + q, "extend 2025-03-20"},
		{"huawei rule", "收到\n-------- 原始邮件 --------\n发件人： 平台" + q, "收到"},
		{"gmail en", "progress: ok\n\nOn Mon, Mar 3, 2025 at 9:00 AM xietong <reply@x.cn> wrote:\n\n> quoted", "progress: ok"},
		{"gmail en wrapped", "progress: ok\n\nOn Mon, Mar 3, 2025 at 9:00 AM xietong <\nreply+abc@x.cn> wrote:\n\n> quoted", "progress: ok"},
		{"gmail en wrapped three lines", "progress: ok\n\nOn Mon, Mar 3, 2025 at 9:00 AM Provincial Housing\nDept Task System <\nreply+abc@x.cn> wrote:\n\n> quoted", "progress: ok"},
		{"gmail zh wrapped", "签收\n\n在 2025年3月3日周一 09:00，xietong <\nreply+abc@x.cn> 写道：\n\n> 原通知", "签收"},
		{"gmail zh old form", "签收\n\nxietong <reply@x.cn> 于2025年3月3日周一 上午9:00写道：\n\n> 原通知", "签收"},
		{"gmail zh-TW", "簽收\n\nxietong <reply@x.cn> 於 2025年3月3日 週一 上午9:00寫道：\n\n> 原通知", "簽收"},
		{"apple zh", "进展：开工\n\n在 2025年3月3日，09:00，xietong <reply@x.cn> 写道：\n\n原通知未加引号", "进展：开工"},
		{"apple macos zh", "进展：开工\n\n2025年3月3日 09:00，xietong <reply@x.cn> 写道：\n\n原通知", "进展：开工"},
		{"apple en", "extend 2025-03-20\n\nOn 3 Mar 2025, at 09:00, xietong <reply@x.cn> wrote:\n\nquoted without marks", "extend 2025-03-20"},
		{"thunderbird zh", "进展：ok\n\n在 2025/3/3 09:01, 省住建厅协同督办平台 写道:\n> 原通知", "进展：ok"},
		{"wrote alone on its line", "progress: ok\n\nOn Mon, Mar 3, 2025 at 9:00 AM Provincial Housing Dept Task System\n<reply+abc@x.cn>\nwrote:\n\n> quoted", "progress: ok"},
		{"attribution over four lines", "accept\n\nOn Monday, 3 March 2025 at 09:00,\nProvincial Housing Dept\nTask System <reply@x.cn>\nwrote:\nquoted without marks", "accept"},
		{"pipe quoted", "accept\n\n| Dear Li Ming,\n|\n| accept", "accept"},
		{"pipe table kept", "progress: 台账如下\n| 小区 | 进度 |\n| 东山 | 完成 |", "progress: 台账如下\n| 小区 | 进度 |\n| 东山 | 完成 |"},
		{"zoho en", "progress: ok\n\n---- On Mon, 03 Mar 2025 09:01:12 +0800 System <reply@x.cn> wrote ----\n" + q, "progress: ok"},
		{"zoho zh", "进展：ok\n\n---- 在 星期一, 2025-03-03 09:01:12 平台 <reply@x.cn> 撰写 ----\n" + q, "进展：ok"},
		{"outlook de", "accept\n\nVon: System <reply@x.cn>\nGesendet: Montag, 3. März 2025 09:01\nAn: Klaus\nBetreff: x" + q, "accept"},
		{"outlook fr", "accept\n\nDe : System <reply@x.cn>\nEnvoyé : lundi 3 mars 2025 09:01\nÀ : Marie\nObjet : x" + q, "accept"},
		{"outlook nl", "accept\nVan: System\nVerzonden: maandag 3 maart 2025\nAan: Jan" + q, "accept"},
		{"outlook sv", "accept\nFrån: System\nSkickat: den 3 mars 2025\nÄmne: x" + q, "accept"},
		{"de alone is text", "accept\nDe: 张伟\n签收", "accept\nDe: 张伟\n签收"},
		{"thunderbird en", "accept\n\nOn 3/3/25 09:01, Provincial Housing Dept wrote:\n> quoted", "accept"},
		{"foxmail 6", "办结：ok\n\n======= 2025-03-03 09:01:12 您在来信中写道：=======\n\n>原通知", "办结：ok"},
		{"apple forward", "请阅\n\nBegin forwarded message:\n\nFrom: x", "请阅"},
		{"plain > quote", "签收\n\n> 原通知\n> 签收", "签收"},
		{"full-width >", "签收\n＞ 原通知", "签收"},
		{"iphone zh sig", "签收\n\n发自我的iPhone\n\n> 在 2025年3月3日 写道：", "签收"},
		{"iphone en sig", "Done: ok\n\nSent from my iPhone", "Done: ok"},
		{"ipad sig", "签收\n\n发自我的 iPad", "签收"},
		{"netease dashi sig", "签收\n发自网易邮箱大师", "签收"},
		{"huawei sig", "签收\n\n发自我的华为手机", "签收"},
		{"honor sig", "签收\n\n发自我的荣耀手机", "签收"},
		{"dash-dash sig", "签收\n\n-- \n张伟\n电话", "签收"},
		{"outlook ios sig", "Accept\n\nGet Outlook for iOS<https://aka.ms/o0ukef>", "Accept"},
		{"outlook android zh sig", "签收\n\n获取 Android 版 Outlook", "签收"},
		{"windows mail sig", "签收\n\nSent from Mail for Windows", "签收"},
		{"windows mail zh sig", "签收\n\n从 Windows 版邮件发送", "签收"},
		{"bottom posted", "On 3/3/25 09:01, System wrote:\n> notice\n> accept\n\naccept\n\nwill do\n\n-- \nZhao", "accept\n\nwill do"},
		{"inline answers", "> 问题一\n答复一\n> 问题二\n答复二", "答复一\n答复二"},
		{"only a quote", "> 原通知\n> 签收", ""},
		{"empty", "", ""},

		{"prose starting On", "On Monday we will start.\nThe team wrote: a plan.", "On Monday we will start.\nThe team wrote: a plan."},
		{"prose with 写道", "签收\n正如通知中写道：", "签收\n正如通知中写道："},
		{"lone From line", "From: the district office, all good.\n谢谢", "From: the district office, all good.\n谢谢"},
		{"prose 发自内心", "感谢支持\n发自内心地感谢各位", "感谢支持\n发自内心地感谢各位"},
		{"dash rule in text", "进展：一\n----------\n二", "进展：一\n----------\n二"},
		{"sent from prose", "Sent from the site office, photos follow.", "Sent from the site office, photos follow."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(stripQuoted(tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
