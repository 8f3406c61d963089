package inbound

import "strings"

// Machines and odd shapes: a Postfix bounce, a QQ Mail bounce, a mailing
// list, a reply whose plus address was dropped, a new message with only the
// subject tag, a Foxmail 6 reply with raw GBK headers, and an OA gateway's
// message without MIME headers.

var miscCorpus = []corpusMail{
	{
		name: "bounce-postfix-dsn",
		eml: `
Return-Path: <>
Delivered-To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Received: by mx.gzzjj.example.gov.cn (Postfix)
	id 4Z6hQn1xKzz9sN2; Mon,  3 Mar 2025 09:01:15 +0800 (CST)
Date: Mon,  3 Mar 2025 09:01:15 +0800 (CST)
From: MAILER-DAEMON@mx.gzzjj.example.gov.cn (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="4Z6hQn1xKzz9sN2.1741000875/mx.gzzjj.example.gov.cn"
Content-Transfer-Encoding: 8bit
Message-Id: <20250303010115.4Z6hQn1xKzz9sN2@mx.gzzjj.example.gov.cn>

This is a MIME-encapsulated message.

--4Z6hQn1xKzz9sN2.1741000875/mx.gzzjj.example.gov.cn
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.gzzjj.example.gov.cn.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<wangfang@gzzjj.example.gov.cn>: host 10.0.0.5[10.0.0.5] said: 550 5.1.1
    <wangfang@gzzjj.example.gov.cn>: Recipient address rejected: User unknown
    in local recipient table (in reply to RCPT TO command)

--4Z6hQn1xKzz9sN2.1741000875/mx.gzzjj.example.gov.cn
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.gzzjj.example.gov.cn
X-Postfix-Queue-ID: 4Z6hQn1xKzz9sN2
X-Postfix-Sender: rfc822; reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
Arrival-Date: Mon,  3 Mar 2025 09:01:14 +0800 (CST)

Final-Recipient: rfc822; wangfang@gzzjj.example.gov.cn
Original-Recipient: rfc822;wangfang@gzzjj.example.gov.cn
Action: failed
Status: 5.1.1
Remote-MTA: dns; 10.0.0.5
Diagnostic-Code: smtp; 550 5.1.1 <wangfang@gzzjj.example.gov.cn>: Recipient
    address rejected: User unknown in local recipient table

--4Z6hQn1xKzz9sN2.1741000875/mx.gzzjj.example.gov.cn
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Message-ID: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
From: {{word "UTF-8" "B" "省住建厅协同督办平台"}} <xietong@xietong.example.gov.cn>
Reply-To: reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn
To: wangfang@gzzjj.example.gov.cn
Subject: {{word "UTF-8" "B" "[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Auto-Submitted: auto-generated

--4Z6hQn1xKzz9sN2.1741000875/mx.gzzjj.example.gov.cn--
`,
	},
	{
		name: "bounce-qq-postmaster",
		vars: map[string]string{
			"html": `<div style="font-size:14px">很抱歉您的邮件没有发送成功。<br><br>收件人：<b>hl_2845731960@qq.com</b><br>退信原因：收件人地址不存在。<br>建议解决方案：请确认收件人地址是否正确。<br><br>此邮件为系统自动发送，请勿直接回复。</div>`,
		},
		eml: `
Return-Path: <>
From: "{{word "gb18030" "B" "系统退信"}}" <postmaster@qq.com>
To: <reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn>
Subject: {{word "gb18030" "B" "系统退信"}}
Date: Mon, 3 Mar 2025 09:01:20 +0800
Message-ID: <tencent_bounce_0F1E2D3C4B5A69788796A5B4C3D2E1F0@qq.com>
Mime-Version: 1.0
Content-Type: text/html;
	charset="gb18030"
Content-Transfer-Encoding: base64

{{b64 "gb18030" .html}}
`,
	},
	{
		name: "mailing-list",
		vars: map[string]string{
			"plain": "各位同事：\n\n定于本周五（3月7日）下午3点在三楼会议室召开督办工作例会，请各科室负责人准时参加。\n\n办公室\n",
		},
		eml: `
Return-Path: <zjj-all-bounces@lists.gzzjj.example.gov.cn>
Delivered-To: reply@xietong.example.gov.cn
From: {{word "utf-8" "B" "广州市住建局办公室"}} <office@gzzjj.example.gov.cn>
Sender: "zjj-all" <zjj-all-bounces@lists.gzzjj.example.gov.cn>
To: zjj-all@lists.gzzjj.example.gov.cn
Subject: {{word "utf-8" "B" "[zjj-all] 关于本周五召开督办工作例会的通知"}}
Date: Tue, 4 Mar 2025 17:30:00 +0800
Message-ID: <20250304093000.A1B2C3@gzzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64
X-Mailman-Version: 2.1.39
Precedence: list
List-Id: {{word "utf-8" "B" "广州市住建局全体"}} <zjj-all.lists.gzzjj.example.gov.cn>
List-Unsubscribe: <https://lists.gzzjj.example.gov.cn/mailman/options/zjj-all>,
 <mailto:zjj-all-request@lists.gzzjj.example.gov.cn?subject=unsubscribe>
List-Post: <mailto:zjj-all@lists.gzzjj.example.gov.cn>

{{b64 "utf-8" .plain}}
`,
	},
	{
		name: "plus-dropped-in-reply-to",
		vars: map[string]string{
			"html": `<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><div>签收</div><div>&nbsp;</div><div>冯建国</div><div>深圳市住房和建设局 物业监管处</div><div><br></div><div><br></div><div id="isReplyContent"><div style="border-top:1px solid #ccc;padding-top:4px">------------------ 原始邮件 ------------------<br><b>发件人：</b>省住建厅协同督办平台 &lt;reply@xietong.example.gov.cn&gt;<br><b>发送时间：</b>2025-03-03 09:01:12<br><b>主题：</b>[督办#1042] 关于物业服务质量专项检查的督办通知</div><br>` + htmlLines(noticeZH) + "</div></body></html>\n",
		},
		eml: `
Delivered-To: reply@xietong.example.gov.cn
Date: Mon, 3 Mar 2025 10:48:19 +0800 (CST)
From: =?GBK?B?t+u9qLn6?= <fengjianguo@szzjj.example.gov.cn>
To: {{word "gbk" "B" "省住建厅协同督办平台"}}
	<reply@xietong.example.gov.cn>
Message-ID: <1741000099123.45678.szzjj@mail.szzjj.example.gov.cn>
In-Reply-To: <xt.f8g9h0j1k2l3z4x5c6v7b8n9mq.a1b2c3d4e5f6@xietong.example.gov.cn>
References: <xt.00000000000000000000000000.000000000000@other.example.com>
	<xt.f8g9h0j1k2l3z4x5c6v7b8n9mq.a1b2c3d4e5f6@xietong.example.gov.cn>
Subject: {{word "gbk" "B" "回复：[督办#1042] 关于物业服务质量专项检查的督办通知"}}
MIME-Version: 1.0
Content-Type: text/html; charset=GBK
Content-Transfer-Encoding: base64
X-Mailer: Coremail Webmail Server Version 2.1.0 (gov)

{{b64 "gbk" .html}}
`,
	},
	{
		name: "subject-tag-only-windows-mail",
		vars: map[string]string{
			"plain": "进展：东城街道 4 个小区的雨污分流管网已全部接驳完成，正在进行闭水试验。\n\n从 Windows 版邮件发送\n",
		},
		eml: `
MIME-Version: 1.0
To: "reply@xietong.example.gov.cn" <reply@xietong.example.gov.cn>
From: {{word "utf-8" "B" "郑晓燕"}} <zhengxiaoyan@dgzjj.example.gov.cn>
Subject: {{word "utf-8" "B" "【督办＃1036】东城街道雨污分流整改进展"}}
Date: Thu, 6 Mar 2025 08:15:02 +0800
Message-ID: <67c8e0a6.050a0220.1f2e3d.4c5b@mx.dgzjj.example.gov.cn>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .plain}}
`,
	},
	{
		name: "foxmail6-gbk-8bit-raw-headers",
		vars: map[string]string{
			"plain": "办结：已按要求完成整改，整改报告已报区住建局备案，请审核。\n\n======= 2025-03-03 09:01:12 您在来信中写道：=======\n\n" + quoteTight(noticeZH) + "\n\n= = = = = = = = = = = = = = = = = = = =\n\t\t\t\n        致\n礼！\n \n\t\t\t\t \n        冯建国\n        fengjianguo@szzjj.example.gov.cn\n          2025-03-03\n",
		},
		eml: `
Date: Mon, 3 Mar 2025 16:33:21 +0800
From: "{{raw "gbk" "冯建国"}}" <fengjianguo@szzjj.example.gov.cn>
To: "{{raw "gbk" "省住建厅协同督办平台"}}" <reply+n1m2b3v4c5x6z7l8k9j0h1g2fe@xietong.example.gov.cn>
Subject: {{raw "gbk" "Re: [督办#1043] 关于南山区物业维修资金使用情况的督办通知"}}
Message-ID: <202503031633210312508@szzjj.example.gov.cn>
X-mailer: Foxmail 6, 15, 201, 26 [cn]
Mime-Version: 1.0
Content-Type: text/plain;
	charset="GB2312"
Content-Transfer-Encoding: 8bit

{{raw "gbk" .plain}}`,
	},
	{
		name: "oa-gateway-no-mime-done",
		vars: map[string]string{
			"plain": "办结：本单位承办的督办事项已全部办理完毕，办理情况已录入OA系统（文号：穗建督〔2025〕17号）。\n\n此致\n敬礼\n\n广州市住房和城乡建设局办公室\n2025年3月7日\n",
		},
		eml: `
Received: from oa.gzzjj.example.gov.cn (oa.gzzjj.example.gov.cn [10.20.1.8])
	by mx.xietong.example.gov.cn with SMTP; Fri, 7 Mar 2025 17:45:00 +0800
From: oa-gateway@gzzjj.example.gov.cn
Sender: oa-gateway@gzzjj.example.gov.cn
Reply-To: =?utf-8?B?5bm/5bee5biC5L2P5bu65bGA5Yqe5YWs5a6k?= <office@gzzjj.example.gov.cn>
To: reply+v9c8x7z6l5k4j3h2g1f0d9s8aq@xietong.example.gov.cn
Cc: =?utf-8?B?546L6Iqz?= <WangFang@GZZJJ.example.gov.cn>, "Li, Ming" <liming@gzzjj.example.gov.cn>
Subject: {{brokenword "utf-8" "回复：[督办#1044] 关于督办事项办理情况的报告" 10}}
Date: Fri, 7 Mar 2025 17:44:58 +0800
Message-ID: <OA.20250307174458.8823@oa.gzzjj.example.gov.cn>
X-Mailer: OA Mail Gateway 3.2

{{.plain}}`,
	},
}

// quoteTight prefixes lines with ">" and no space, as Foxmail 6 did.
func quoteTight(s string) string {
	q := quote(s)
	return strings.ReplaceAll(q, "> ", ">")
}
