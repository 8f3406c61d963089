package inbound

// Robots that were once answered: an old Mac MTA's bounce with CR line
// ends, a list manager that sends only List-Subscribe, an ARF abuse report,
// a carrier's arrival notice, an OA system's no-reply notice, and
// auto-replies known only by their bracketed subjects.

var robotCorpus = []corpusMail{
	{
		name: "robot-cr-only-bounce",
		cr:   true,
		eml: `
Return-Path: <>
Delivered-To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
From: Mail Delivery Subsystem <MAILER-DAEMON@mac.szzjj.example.gov.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: Returned mail: User unknown
Date: Mon, 3 Mar 2025 09:02:11 +0800
Message-Id: <199503030102.AA01234@mac.szzjj.example.gov.cn>
Content-Type: text/plain; charset=us-ascii

The original message was received at Mon, 3 Mar 2025 09:02:10 +0800

   ----- The following addresses had permanent fatal errors -----
<chenjing@szzjj.example.gov.cn>

   ----- Transcript of session follows -----
550 chenjing@szzjj.example.gov.cn... User unknown
`,
	},
	{
		name: "robot-list-subscribe-only",
		eml: `
From: gov-notice-request@lists.gzzjj.example.gov.cn
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "UTF-8" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:03:40 +0800
Message-ID: <mlm.20250303090340.4411@lists.gzzjj.example.gov.cn>
In-Reply-To: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
List-Subscribe: <mailto:gov-notice-request@lists.gzzjj.example.gov.cn?subject=subscribe>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
`,
		vars: map[string]string{"plain": "您发往 gov-notice 列表的邮件需要管理员审核后才能发布。\n\n如需订阅，请回复本邮件并写：subscribe\n"},
	},
	{
		name: "robot-arf-abuse-report",
		eml: `
From: Abuse Desk <abuse@mail.example-isp.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: FW: [督办#1024] abuse report
Date: Mon, 3 Mar 2025 10:00:00 +0800
Message-ID: <arf.1741000000.77@mail.example-isp.cn>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
	boundary="arf_boundary_77"

--arf_boundary_77
Content-Type: text/plain; charset=us-ascii

This is an email abuse report for an email message received from IP
203.0.113.25 on Mon, 3 Mar 2025 09:01:00 +0800.

--arf_boundary_77
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Source-IP: 203.0.113.25

--arf_boundary_77
Content-Type: text/rfc822-headers

From: xietong@xietong.example.gov.cn
Subject: [督办#1024]

--arf_boundary_77--
`,
	},
	{
		name: "robot-carrier-notice",
		eml: `
From: {{word "UTF-8" "B" "139邮箱"}} <notify@139.example.com>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "UTF-8" "B" "邮件到达通知：[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:01:30 +0800
Message-ID: <notify.88213.1741000890@139.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
`,
		vars: map[string]string{"plain": "您好，您有一封新邮件已通过短信通知到 138****1234。\n回复 签收 即可确认。\n"},
	},
	{
		name: "robot-oa-noreply",
		eml: `
From: {{word "UTF-8" "B" "广州市住建局OA"}} <no-reply@oa.gzzjj.example.gov.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "UTF-8" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:05:00 +0800
Message-ID: <oa.20250303090500.1@oa.gzzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{{raw "utf-8" .plain}}
`,
		vars: map[string]string{"plain": "您的来文已登记，收文编号 2025-0312，请勿回复本邮件。\n"},
	},
	{
		name: "autoreply-zh-bracket-subject",
		eml: `
From: {{word "UTF-8" "B" "陈静"}} <chenjing@szzjj.example.gov.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "UTF-8" "B" "【自动回复】[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:01:40 +0800
Message-ID: <auto.20250303090140.5@szzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
`,
		vars: map[string]string{"plain": "您好，我正在休假，3月10日返岗，急事请联系 020-83123457。\n"},
	},
	{
		name: "autoreply-zh-suffix-subject",
		eml: `
From: {{word "GBK" "B" "刘洋"}} <liuyang@fszjj.example.gov.cn>
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Subject: {{word "GBK" "B" "[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知（自动回复）"}}
Date: Mon, 3 Mar 2025 09:01:50 +0800
Message-ID: <auto.20250303090150.6@fszjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset=GBK
Content-Transfer-Encoding: base64

{{b64 "gbk" .plain}}
`,
		vars: map[string]string{"plain": "进展：本人出差中，邮件已收到，回来后处理。\n"},
	},
}
