package inbound

// Charsets that were guessed wrong: a Big5 reply with no charset, a
// Latin-1 one with no charset, and a UTF-8 body labelled GB2312.

var charsetCorpus = []corpusMail{
	{
		name: "big5-unlabelled-progress",
		eml: `
From: {{word "big5" "B" "陳志明"}} <chenzm@example.gov.tw>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "big5" "B" "回覆: [督辦#1024] 關於加快推進城鎮老舊小區改造項目進度的督辦通知"}}
Date: Mon, 3 Mar 2025 14:20:00 +0800
Message-ID: <tw.20250303142000.1@example.gov.tw>
MIME-Version: 1.0
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

{{raw "big5" .plain}}
`,
		vars: map[string]string{"plain": "進展：已完成12個小區的現場摸排，其中9個已簽訂施工合同。\n\n陳志明\n"},
	},
	{
		name: "latin1-unlabelled-progress",
		eml: `
From: Marie Dubois <m.dubois@partner.example.eu>
To: reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn
Subject: RE: [督办#1025] Task assigned
Date: Tue, 4 Mar 2025 10:12:00 +0100
Message-ID: <latin1.20250304101200@partner.example.eu>
MIME-Version: 1.0
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

{{latin1 .plain}}
`,
		vars: map[string]string{"plain": "progress: les relevés des 12 résidences sont terminés, les contrats suivront très bientôt.\n\nCordialement,\nMarie Dubois\n"},
	},
	{
		name: "utf8-labelled-gb2312-progress",
		eml: `
From: {{word "UTF-8" "B" "王芳"}} <wangfang@gzzjj.example.gov.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "UTF-8" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 15:00:00 +0800
Message-ID: <oa.20250303150000.7@gzzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset=gb2312
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
`,
		vars: map[string]string{"plain": "进展：已完成12个小区的现场摸排。\n\n王芳\n"},
	},
}
