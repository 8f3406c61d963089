package inbound

// Replies from Microsoft clients: Outlook desktop (zh-CN, en, zh-TW in
// Big5, the older "-----原始邮件-----" form), Outlook on the web, Outlook
// for iOS, and Exchange auto-replies and read receipts.

// outlookHeaderZH is the header block Outlook zh-CN writes above a quote.
const outlookHeaderZH = `发件人: 省住建厅协同督办平台 <reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
发送时间: 2025年3月3日 9:01
收件人: 张伟 <zhangwei@gzzjj.example.gov.cn>
主题: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知

`

var microsoftCorpus = []corpusMail{
	{
		name: "outlook-zh-accept",
		vars: map[string]string{
			"plain": "签收。\n\n张伟\n广州市住房和城乡建设局 城建科\n电话：020-83123456\n\n" + outlookHeaderZH + noticeZH + "\n",
			"html": `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--
/* Font Definitions */
@font-face
	{font-family:等线;
	panose-1:2 1 6 0 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:等线;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--></head><body lang=ZH-CN link="#0563C1" vlink="#954F72" style='text-justify-trim:punctuation'><div class=WordSection1><p class=MsoNormal>签收。<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p><p class=MsoNormal>张伟<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal>广州市住房和城乡建设局 城建科<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal>电话：<span lang=EN-US>020-83123456<o:p></o:p></span></p><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>发件人<span lang=EN-US>:</span></b><span lang=EN-US> </span>省住建厅协同督办平台<span lang=EN-US> &lt;reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn&gt; <br></span><b>发送时间<span lang=EN-US>:</span></b><span lang=EN-US> 2025</span>年<span lang=EN-US>3</span>月<span lang=EN-US>3</span>日<span lang=EN-US> 9:01<br></span><b>收件人<span lang=EN-US>:</span></b><span lang=EN-US> </span>张伟<span lang=EN-US> &lt;zhangwei@gzzjj.example.gov.cn&gt;<br></span><b>主题<span lang=EN-US>:</span></b><span lang=EN-US> [</span>督办<span lang=EN-US>#1024] </span>关于加快推进城镇老旧小区改造项目进度的督办通知<span lang=EN-US><o:p></o:p></span></p></div><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p><p class=MsoNormal>张伟 同志：<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal>您好！省住房和城乡建设厅向贵单位交办以下督办事项：<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal>可直接回复本邮件办理，首行写：<span lang=EN-US><o:p></o:p></span></p><p class=MsoNormal>签收<span lang=EN-US><o:p></o:p></span></p></div></body></html>
`,
		},
		eml: `
From: {{word "gb2312" "B" "张伟"}} <zhangwei@gzzjj.example.gov.cn>
To: "'{{word "gb2312" "B" "省住建厅协同督办平台"}}'"
	<reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
References: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
In-Reply-To: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
Subject: {{word "gb2312" "B" "答复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 10:15:22 +0800
Message-ID: <000001db8c3f$5e2f7a30$1a8e6e90$@gzzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_000_0001_01DB8C82.6C52BA30"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AQHbjD9eXi96MBqObpCRW9ZPz3TR0Q==
Content-Language: zh-cn

This is a multipart message in MIME format.

------=_NextPart_000_0001_01DB8C82.6C52BA30
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .plain}}

------=_NextPart_000_0001_01DB8C82.6C52BA30
Content-Type: text/html;
	charset="gb2312"
Content-Transfer-Encoding: quoted-printable

{{qp "gb2312" .html}}
------=_NextPart_000_0001_01DB8C82.6C52BA30--
`,
	},
	{
		name: "outlook-en-progress",
		vars: map[string]string{
			"plain": "Progress: site surveys of all 12 compounds are finished and construction contracts for 9 have been signed.\nThe remaining 3 contracts are expected by 10 March.\n\nBest regards,\nLi Ming\nUrban Renewal Division, Guangzhou Housing Bureau\n\nFrom: Provincial Housing Dept Task System <reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>\nSent: Monday, March 3, 2025 9:01 AM\nTo: Li Ming <liming@gzzjj.example.gov.cn>\nSubject: " + noticeSubjectEN + "\n\n" + noticeEN + "\n",
			"html": `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
--></style></head><body lang=EN-US link="#0563C1" vlink="#954F72"><div class=WordSection1><p class=MsoNormal>Progress: site surveys of all 12 compounds are finished and construction contracts for 9 have been signed.<o:p></o:p></p><p class=MsoNormal>The remaining 3 contracts are expected by 10 March.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Best regards,<o:p></o:p></p><p class=MsoNormal>Li Ming<o:p></o:p></p><p class=MsoNormal>Urban Renewal Division, Guangzhou Housing Bureau<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in'><p class=MsoNormal><b>From:</b> Provincial Housing Dept Task System &lt;reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn&gt; <br><b>Sent:</b> Monday, March 3, 2025 9:01 AM<br><b>To:</b> Li Ming &lt;liming@gzzjj.example.gov.cn&gt;<br><b>Subject:</b> [督办#1025] Task assigned: speed up the renovation of old residential compounds<o:p></o:p></p></div><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Dear Li Ming,<o:p></o:p></p><p class=MsoNormal>Reply to this email to act on the task; write on the first line:<br>accept<br>progress: (what has been done)<o:p></o:p></p></div></body></html>
`,
		},
		eml: `
From: Li Ming <LiMing@GZZJJ.example.gov.cn>
To: Provincial Housing Dept Task System
	<reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>
Subject: {{word "utf-8" "Q" "RE: [督办#1025] Task assigned: speed up the renovation of old residential compounds"}}
Thread-Topic: [督办#1025] Task assigned
Thread-Index: AQHbjD9fQ2x1cG9ydGVkIHRocmVhZA==
Date: Mon, 3 Mar 2025 02:47:10 +0000
Message-ID: <SEZPR06MB5966A1B2C3D4E5F60718293A4B5C6D7E8@SEZPR06MB5966.apcprd06.prod.outlook.com>
References: <xt.p3x8c2r7k5m9w4d6t1b0q8n2hv.77c0d2e41a9f@xietong.example.gov.cn>
In-Reply-To: <xt.p3x8c2r7k5m9w4d6t1b0q8n2hv.77c0d2e41a9f@xietong.example.gov.cn>
Accept-Language: en-US, zh-CN
Content-Language: en-US
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
Authentication-Results: mx.xietong.example.gov.cn;
	dkim=pass header.d=gzzjj.example.gov.cn;
	spf=pass smtp.mailfrom=gzzjj.example.gov.cn;
	dmarc=pass header.from=gzzjj.example.gov.cn
Content-Type: multipart/alternative;
	boundary="_000_SEZPR06MB5966A1B2C3D4E5F60SEZPR06MB5966apcp_"
MIME-Version: 1.0

--_000_SEZPR06MB5966A1B2C3D4E5F60SEZPR06MB5966apcp_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .plain}}

--_000_SEZPR06MB5966A1B2C3D4E5F60SEZPR06MB5966apcp_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .html}}

--_000_SEZPR06MB5966A1B2C3D4E5F60SEZPR06MB5966apcp_--
`,
	},
	{
		name: "outlook2010-zh-done-attachment-2047",
		vars: map[string]string{
			"plain": "办结：项目已全部完工并通过竣工验收，验收报告见附件，请审核。\n\n王强\n佛山市住房和城乡建设局\n\n-----原始邮件-----\n发件人: 省住建厅协同督办平台 [mailto:reply+d4f6h8j2k3l5m7n9p1q3r5s7tv@xietong.example.gov.cn] \n发送时间: 2025年3月3日 9:01\n收件人: 王强\n主题: [督办#1027] 关于佛山市禅城区老旧小区改造项目竣工验收的督办通知\n\n" + noticeZH + "\n",
			"pdf":   "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
		},
		eml: `
From: =?gb2312?B?zfXHvw==?= <wangqiang@fszjj.example.gov.cn>
To: {{word "gb2312" "B" "省住建厅协同督办平台"}}
	<reply+d4f6h8j2k3l5m7n9p1q3r5s7tv@xietong.example.gov.cn>
Subject: {{word "gb2312" "B" "答复: [督办#1027] 关于佛山市禅城区老旧小区改造项目竣工验收的督办通知"}}
Date: Tue, 4 Mar 2025 16:42:05 +0800
Message-ID: <004f01db8cd6$2b1f5e90$815a1bb0$@fszjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: multipart/mixed;
	boundary="----=_NextPart_000_0050_01DB8D19.393E7390"
X-Mailer: Microsoft Office Outlook 12.0
Thread-Index: AduM1in3Bq9fEm0aQ1yWqg5e6q4c8A==
Content-Language: zh-cn

This is a multi-part message in MIME format.

------=_NextPart_000_0050_01DB8D19.393E7390
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: quoted-printable

{{qp "gb2312" .plain}}
------=_NextPart_000_0050_01DB8D19.393E7390
Content-Type: application/pdf;
	name="{{word "gb2312" "B" "禅城区老旧小区改造竣工验收报告.pdf"}}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
	filename="{{word "gb2312" "B" "禅城区老旧小区改造竣工验收报告.pdf"}}"

{{bin .pdf}}

------=_NextPart_000_0050_01DB8D19.393E7390--
`,
	},
	{
		name: "outlook-zh-autoreply",
		vars: map[string]string{
			"plain": "您好！我于3月3日至3月7日休假，期间不能及时回复邮件。急事请联系王芳（020-83123457）。\n\n张伟\n",
			"html":  "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><div style=\"font-family:等线\">您好！我于3月3日至3月7日休假，期间不能及时回复邮件。急事请联系王芳（020-83123457）。<br><br>张伟</div></body></html>\n",
		},
		eml: `
From: =?gb2312?B?1cXOsA==?= <zhangwei@gzzjj.example.gov.cn>
To: {{word "gb2312" "B" "省住建厅协同督办平台"}}
	<reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
Subject: {{word "gb2312" "B" "自动答复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Thread-Topic: {{word "gb2312" "B" "[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:01:31 +0800
Message-ID: <a3c1e0f2b9d84c1f9a07e53d2b6c1f44@gzzjj.example.gov.cn>
In-Reply-To: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
References: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
Auto-Submitted: auto-replied
X-MS-Exchange-Inbox-Rules-Loop: zhangwei@gzzjj.example.gov.cn
X-Auto-Response-Suppress: All
X-MS-Exchange-Transport-FromEntityHeader: Hosted
Content-Language: zh-CN
Content-Type: multipart/alternative;
	boundary="_000_a3c1e0f2b9d84c1f9a07e53d2b6c1f44gzzjjexamplegovcn_"
MIME-Version: 1.0

--_000_a3c1e0f2b9d84c1f9a07e53d2b6c1f44gzzjjexamplegovcn_
Content-Type: text/plain; charset="gb2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .plain}}

--_000_a3c1e0f2b9d84c1f9a07e53d2b6c1f44gzzjjexamplegovcn_
Content-Type: text/html; charset="gb2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .html}}

--_000_a3c1e0f2b9d84c1f9a07e53d2b6c1f44gzzjjexamplegovcn_--
`,
	},
	{
		name: "outlook-en-autoreply",
		vars: map[string]string{
			"plain": "I am out of the office until 10 March with limited access to email.\nFor urgent matters please contact Chen Jing (chenjing@gzzjj.example.gov.cn).\n",
		},
		eml: `
From: Li Ming <liming@gzzjj.example.gov.cn>
To: Provincial Housing Dept Task System
	<reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "Automatic reply: [督办#1025] Task assigned: speed up the renovation of old residential compounds"}}
Thread-Topic: [督办#1025] Task assigned
Date: Mon, 3 Mar 2025 01:01:40 +0000
Message-ID: <0b6e1a8c4d2f4e8b9c3a7d5e1f0a2b4c@SEZPR06MB5966.apcprd06.prod.outlook.com>
In-Reply-To: <xt.p3x8c2r7k5m9w4d6t1b0q8n2hv.77c0d2e41a9f@xietong.example.gov.cn>
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: liming@gzzjj.example.gov.cn
Content-Language: en-US
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit
MIME-Version: 1.0

{{.plain}}`,
	},
	{
		name: "outlook-web-html-only-progress",
		vars: map[string]string{
			"html": `<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>
</head>
<body dir="ltr">
<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
progress: the tender for the pipe network upgrade closed on 28 February &amp; the winning bidder starts work on 10 March.</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
Budget approved: ¥3,200,000 (about 46% of the total).</div>
<div id="Signature">
<p>Zhou Tao<br>
Shenzhen Housing and Construction Bureau</p>
</div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Provincial Housing Dept Task System &lt;reply+z9y8x7w6v5u4t3s2r1q0p9o8nm@xietong.example.gov.cn&gt;<br>
<b>Sent:</b> Monday, March 3, 2025 9:01 AM<br>
<b>To:</b> Zhou Tao &lt;zhoutao@szzjj.example.gov.cn&gt;<br>
<b>Subject:</b> [督办#1026] Task assigned: upgrade the old pipe network</font>
<div>&nbsp;</div>
</div>
<div>
<p>Dear Zhou Tao,</p>
<p>Reply to this email to act on the task; write on the first line:<br>accept<br>progress: (what has been done)</p>
</div>
</body>
</html>
`,
		},
		eml: `
From: Zhou Tao <zhoutao@szzjj.example.gov.cn>
To: Provincial Housing Dept Task System <reply+z9y8x7w6v5u4t3s2r1q0p9o8nm@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "Re: [督办#1026] Task assigned: upgrade the old pipe network"}}
Thread-Topic: [督办#1026] Task assigned: upgrade the old pipe network
Thread-Index: AQHbjEFOb3V0bG9vayB3ZWI=
Date: Mon, 3 Mar 2025 06:12:44 +0000
Message-ID: <TYZPR03MB7001C0FFEE1234567890ABCDEF0123456789@TYZPR03MB7001.apcprd03.prod.outlook.com>
References: <xt.z9y8x7w6v5u4t3s2r1q0p9o8nm.0c1d2e3f4a5b@xietong.example.gov.cn>
In-Reply-To: <xt.z9y8x7w6v5u4t3s2r1q0p9o8nm.0c1d2e3f4a5b@xietong.example.gov.cn>
msip_labels:
Content-Language: en-US
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64
MIME-Version: 1.0

{{b64 "utf-8" .html}}
`,
	},
	{
		name: "outlook-ios-accept",
		vars: map[string]string{
			"plain": "Accept\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\nFrom: Provincial Housing Dept Task System <reply+a1s2d3f4g5h6j7k8l9z0x1c2vb@xietong.example.gov.cn>\nSent: Monday, March 3, 2025 9:01:12 AM\nTo: Zhou Tao <zhoutao@szzjj.example.gov.cn>\nSubject: [督办#1028] Task assigned: inspect the high-rise fire exits\n\n" + noticeEN + "\n",
			"html": `<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
</head>
<body>
<div dir="auto">Accept</div>
<div id="ms-outlook-mobile-body-separator-line" dir="auto"><br></div>
<div id="ms-outlook-mobile-signature" dir="auto">Get <a href="https://aka.ms/o0ukef">Outlook for iOS</a></div>
<div id="mail-editor-reference-message-container" dir="auto"><br>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Provincial Housing Dept Task System &lt;reply+a1s2d3f4g5h6j7k8l9z0x1c2vb@xietong.example.gov.cn&gt;<br>
<b>Sent:</b> Monday, March 3, 2025 9:01:12 AM<br>
<b>To:</b> Zhou Tao &lt;zhoutao@szzjj.example.gov.cn&gt;<br>
<b>Subject:</b> [督办#1028] Task assigned: inspect the high-rise fire exits</font>
<div>&nbsp;</div></div>
<div>Reply to this email to act on the task; write on the first line:<br>accept</div>
</div>
</body>
</html>
`,
		},
		eml: `
From: Zhou Tao <zhoutao@szzjj.example.gov.cn>
To: Provincial Housing Dept Task System <reply+a1s2d3f4g5h6j7k8l9z0x1c2vb@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "Re: [督办#1028] Task assigned: inspect the high-rise fire exits"}}
Date: Mon, 3 Mar 2025 03:20:19 +0000
Message-ID: <TYZPR03MB7001AB12CD34EF56AB78CD90EF12AB34CD56@TYZPR03MB7001.apcprd03.prod.outlook.com>
References: <xt.a1s2d3f4g5h6j7k8l9z0x1c2vb.9e8d7c6b5a49@xietong.example.gov.cn>
In-Reply-To: <xt.a1s2d3f4g5h6j7k8l9z0x1c2vb.9e8d7c6b5a49@xietong.example.gov.cn>
Content-Type: multipart/alternative;
	boundary="_000_TYZPR03MB7001AB12CD34EF56TYZPR03MB7001apcp_"
MIME-Version: 1.0

--_000_TYZPR03MB7001AB12CD34EF56TYZPR03MB7001apcp_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}

--_000_TYZPR03MB7001AB12CD34EF56TYZPR03MB7001apcp_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .html}}

--_000_TYZPR03MB7001AB12CD34EF56TYZPR03MB7001apcp_--
`,
	},
	{
		name: "outlook-zhtw-big5-progress",
		vars: map[string]string{
			"plain": "進展：已完成現場勘查，共發現消防通道堵塞問題 6 處，已責令物業限期整改，預計下週提交整改報告。\n\n陳志明\n\n-----原始郵件-----\n寄件者: 省住建廳協同督辦平臺 <reply+m2n4b6v8c0x2z4l6k8j0h2g4fd@xietong.example.gov.cn> \n寄件日期: 2025年3月3日 上午 09:01\n收件者: 陳志明 <chenzhiming@zhzjj.example.gov.cn>\n主旨: [督辦#1029] 關於高層住宅消防通道專項檢查的督辦通知\n\n陳志明 同志：\n\n您好！請於2025年3月14日前完成轄區高層住宅消防通道專項檢查。\n可直接回覆本郵件辦理，首行寫：簽收、進展：……、辦結：……\n",
			"html":  "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=big5\"></head><body lang=ZH-TW><div class=WordSection1><p class=MsoNormal>進展：已完成現場勘查，共發現消防通道堵塞問題 6 處，已責令物業限期整改，預計下週提交整改報告。</p><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>陳志明</p><p class=MsoNormal>&nbsp;</p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>寄件者:</b> 省住建廳協同督辦平臺 &lt;reply+m2n4b6v8c0x2z4l6k8j0h2g4fd@xietong.example.gov.cn&gt; <br><b>寄件日期:</b> 2025年3月3日 上午 09:01<br><b>收件者:</b> 陳志明<br><b>主旨:</b> [督辦#1029] 關於高層住宅消防通道專項檢查的督辦通知</p></div></div><p class=MsoNormal>可直接回覆本郵件辦理，首行寫：簽收</p></div></body></html>\n",
		},
		eml: `
From: {{word "big5" "B" "陳志明"}} <chenzhiming@zhzjj.example.gov.cn>
To: "{{word "big5" "B" "省住建廳協同督辦平臺"}}" <reply+m2n4b6v8c0x2z4l6k8j0h2g4fd@xietong.example.gov.cn>
Subject: {{word "big5" "B" "回覆: [督辦#1029] 關於高層住宅消防通道專項檢查的督辦通知"}}
Date: Wed, 5 Mar 2025 11:03:27 +0800
Message-ID: <001201db8d70$4c3a9e20$e4afda60$@zhzjj.example.gov.cn>
In-Reply-To: <xt.m2n4b6v8c0x2z4l6k8j0h2g4fd.5a6b7c8d9e0f@xietong.example.gov.cn>
MIME-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_000_0013_01DB8DB3.5A5DDE20"
X-Mailer: Microsoft Outlook 16.0
Content-Language: zh-tw

This is a multipart message in MIME format.

------=_NextPart_000_0013_01DB8DB3.5A5DDE20
Content-Type: text/plain;
	charset="big5"
Content-Transfer-Encoding: quoted-printable

{{qp "big5" .plain}}
------=_NextPart_000_0013_01DB8DB3.5A5DDE20
Content-Type: text/html;
	charset="big5"
Content-Transfer-Encoding: quoted-printable

{{qp "big5" .html}}
------=_NextPart_000_0013_01DB8DB3.5A5DDE20--
`,
	},
	{
		name: "outlook-read-receipt",
		vars: map[string]string{
			"plain": "您的邮件\n\n  收件人: 张伟\n  主题: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知\n  发送时间: 2025/3/3 9:01\n\n已在 2025/3/3 9:30 读取。\n",
		},
		eml: `
From: =?gb2312?B?1cXOsA==?= <zhangwei@gzzjj.example.gov.cn>
To: {{word "gb2312" "B" "省住建厅协同督办平台"}}
	<reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
Subject: {{word "gb2312" "B" "已读: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Mon, 3 Mar 2025 09:30:02 +0800
Message-ID: <000a01db8c43$6d1e4f50$475aedf0$@gzzjj.example.gov.cn>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification;
	boundary="----=_NextPart_000_000B_01DB8C86.7B41B050"
X-Mailer: Microsoft Outlook 16.0
Content-Language: zh-cn

------=_NextPart_000_000B_01DB8C86.7B41B050
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .plain}}

------=_NextPart_000_000B_01DB8C86.7B41B050
Content-Type: message/disposition-notification

Reporting-UA: gzzjj.example.gov.cn; Microsoft Outlook 16.0
Final-Recipient: rfc822;zhangwei@gzzjj.example.gov.cn
Original-Message-ID: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
Disposition: manual-action/MDN-sent-manually; displayed

------=_NextPart_000_000B_01DB8C86.7B41B050--
`,
	},
}
