package inbound

// Replies from Tencent clients: Foxmail (zh and en), QQ Mail web (its
// text part carries literal "&nbsp;" and "&gt;"), QQ Mail mobile
// (HTML only) and a QQ Mail holiday auto-reply.

const qqQuoteHTML = `<div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;------------------</div><div style="font-size: 12px;background:#efefef;padding:8px;"><div><b>发件人:</b>&nbsp;"省住建厅协同督办平台"&lt;reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn&gt;;</div><div><b>发送时间:</b>&nbsp;2025年3月3日(星期一) 上午9:01</div><div><b>收件人:</b>&nbsp;"黄丽"&lt;2845731960@qq.com&gt;;<wbr></div><div></div><div><b>主题:</b>&nbsp;[督办#1030] 关于城中村消防安全隐患整治的督办通知</div></div><div><br></div>张伟 同志：<br><br>您好！省住房和城乡建设厅向贵单位交办以下督办事项：<br>可直接回复本邮件办理，首行写：<br>签收<br>进展：（进展情况）`

var tencentCorpus = []corpusMail{
	{
		name: "foxmail-zh-progress",
		vars: map[string]string{
			"plain": "进展：已完成12个小区的现场摸排，其中9个已签订施工合同，剩余3个预计3月10日前完成签约。\n \n \n\n张伟\n广州市住房和城乡建设局\n \n------------------ 原始邮件 ------------------\n发件人: \"省住建厅协同督办平台\"<reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>;\n发送时间: 2025年3月3日(星期一) 上午9:01\n收件人: \"张伟\"<zhangwei@gzzjj.example.gov.cn>;\n主题: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知\n \n" + noticeZH + "\n",
			"html": `<html><head><meta http-equiv="content-type" content="text/html; charset=gb2312"><style>body { line-height: 1.5; }body { font-size: 14px; font-family: "Microsoft YaHei UI"; color: rgb(0, 0, 0); line-height: 1.5; }</style></head><body>
<div><span></span>进展：已完成12个小区的现场摸排，其中9个已签订施工合同，剩余3个预计3月10日前完成签约。</div>
<div><br></div><hr style="width: 210px; height: 1px;" color="#b5c4df" size="1" align="left">
<div><span><div style="MARGIN: 10px; FONT-FAMILY: verdana; FONT-SIZE: 10pt"><div>张伟</div><div>广州市住房和城乡建设局</div></div></span></div>
<div>&nbsp;</div><div><includetail><div style="font:Verdana normal 14px;color:#000;"><div style="FONT-SIZE:12px;FONT-FAMILY:Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;------------------</div><div style="FONT-SIZE:12px;background:#efefef;padding:8px;"><div id="menu_sender"><b>发件人:</b>&nbsp;"省住建厅协同督办平台"&lt;reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn&gt;;</div><div><b>发送时间:</b>&nbsp;2025年3月3日(星期一) 上午9:01</div><div><b>收件人:</b>&nbsp;"张伟"&lt;zhangwei@gzzjj.example.gov.cn&gt;;</div><div><b>主题:</b>&nbsp;[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知</div></div><div><br></div>张伟 同志：<br>可直接回复本邮件办理，首行写：<br>签收</div></includetail></div>
</body></html>
`,
		},
		eml: `
Date: Mon, 3 Mar 2025 11:20:45 +0800
From: "{{word "gb2312" "B" "张伟"}}" <zhangwei@gzzjj.example.gov.cn>
To: "{{word "gb2312" "B" "省住建厅协同督办平台"}}" <reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
Subject: {{word "gb2312" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
References: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
X-Priority: 3
X-GUID: 5E3B8F61-2C4D-4A7B-9E1F-0A2B3C4D5E6F
X-Has-Attach: no
X-Mailer: Foxmail 7.2.25.375[cn]
Mime-Version: 1.0
Message-ID: <202503031120447618230@gzzjj.example.gov.cn>
Content-Type: multipart/alternative;
	boundary="----=_001_NextPart812349603612_=----"

This is a multi-part message in MIME format.

------=_001_NextPart812349603612_=----
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .plain}}

------=_001_NextPart812349603612_=----
Content-Type: text/html;
	charset="gb2312"
Content-Transfer-Encoding: quoted-printable

{{qp "gb2312" .html}}

------=_001_NextPart812349603612_=------
`,
	},
	{
		name: "foxmail-en-done-attachment",
		vars: map[string]string{
			"plain": "done: all 27 rectification items are complete and were checked on site on 6 March; the acceptance report is attached.\n\n\n\nHuang Wei\nZhuhai Housing and Urban-Rural Development Bureau\n \n------------------&nbsp;Original&nbsp;------------------\nFrom: &nbsp;\"Provincial Housing Dept Task System\"<reply+h3j5k7l9m1n3b5v7c9x1z3a5sq@xietong.example.gov.cn>;\nDate: &nbsp;Mon, Mar 3, 2025 09:01 AM\nTo: &nbsp;\"Huang Wei\"<huangwei@zhzjj.example.gov.cn>;\nSubject: &nbsp;[督办#1031] Task assigned: rectify the hazards found in the spring inspection\n\n" + noticeEN + "\n",
			"html":  "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head><body><div>done: all 27 rectification items are complete and were checked on site on 6 March; the acceptance report is attached.</div><div><br></div><div>Huang Wei</div><div>Zhuhai Housing and Urban-Rural Development Bureau</div><div>&nbsp;</div><div style=\"font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;\">------------------&nbsp;Original&nbsp;------------------</div><div style=\"font-size: 12px;background:#efefef;padding:8px;\"><div><b>From: </b>&nbsp;\"Provincial Housing Dept Task System\"&lt;reply+h3j5k7l9m1n3b5v7c9x1z3a5sq@xietong.example.gov.cn&gt;;</div><div><b>Date: </b>&nbsp;Mon, Mar 3, 2025 09:01 AM</div><div><b>To: </b>&nbsp;\"Huang Wei\"&lt;huangwei@zhzjj.example.gov.cn&gt;;</div><div><b>Subject: </b>&nbsp;[督办#1031] Task assigned</div></div><div><br></div>Reply to this email to act on the task; write on the first line:<br>accept</body></html>\n",
			"docx":  "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00 corpus stand-in for a .docx file PK\x05\x06\x00\x00\x00\x00",
		},
		eml: `
Date: Fri, 7 Mar 2025 17:05:12 +0800
From: "Huang Wei" <huangwei@zhzjj.example.gov.cn>
To: "Provincial Housing Dept Task System" <reply+h3j5k7l9m1n3b5v7c9x1z3a5sq@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "Re: [督办#1031] Task assigned: rectify the hazards found in the spring inspection"}}
References: <xt.h3j5k7l9m1n3b5v7c9x1z3a5sq.1b2c3d4e5f60@xietong.example.gov.cn>
In-Reply-To: <xt.h3j5k7l9m1n3b5v7c9x1z3a5sq.1b2c3d4e5f60@xietong.example.gov.cn>
X-Priority: 3
X-Has-Attach: yes
X-Mailer: Foxmail 7.2.25.375[en]
Mime-Version: 1.0
Message-ID: <202503071705116105823@zhzjj.example.gov.cn>
Content-Type: multipart/mixed;
	boundary="----=_001_NextPart443381262518_=----"

This is a multi-part message in MIME format.

------=_001_NextPart443381262518_=----
Content-Type: multipart/alternative;
	boundary="----=_002_NextPart180463228381_=----"


------=_002_NextPart180463228381_=----
Content-Type: text/plain;
	charset="utf-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}

------=_002_NextPart180463228381_=----
Content-Type: text/html;
	charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .html}}

------=_002_NextPart180463228381_=------

------=_001_NextPart443381262518_=----
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
	name="{{word "utf-8" "B" "春季检查隐患整改验收报告.docx"}}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
	filename="{{word "utf-8" "B" "春季检查隐患整改验收报告.docx"}}"

{{bin .docx}}

------=_001_NextPart443381262518_=------
`,
	},
	{
		name: "qq-progress-gb18030",
		vars: map[string]string{
			"plain": "进展：已完成整治台账建档，排查出租屋 326 栋，清理楼道堆放杂物 41 处👍，剩余 7 处电动车违规充电点本周内拆除。\n\n\n\n\n------------------&nbsp;原始邮件&nbsp;------------------\n发件人:                                                                                                                        \"省住建厅协同督办平台\"                                                                                    <reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn&gt;;\n发送时间:&nbsp;2025年3月3日(星期一) 上午9:01\n收件人:&nbsp;\"黄丽\"<2845731960@qq.com&gt;;\n\n主题:&nbsp;[督办#1030] 关于城中村消防安全隐患整治的督办通知\n\n\n\n" + noticeZH + "\n",
			"html":  `<meta http-equiv="Content-Type" content="text/html; charset=GB18030"><div>进展：已完成整治台账建档，排查出租屋 326 栋，清理楼道堆放杂物 41 处👍，剩余 7 处电动车违规充电点本周内拆除。</div><div><br></div><div><br></div><div><br></div>` + qqQuoteHTML + "\n",
		},
		eml: `
X-QQ-mid: xmsezb32-0t1741001218ti3k2m9dz
X-QQ-XMAILINFO: NgYd2Grdiqp/k6hVg9mS0Pp1oJL4yGgQ7LDnT6kq8hkLmRw2P1uA+0=
X-QQ-XMRINFO: NyFYKkN4Ny6FSmKK/uo/jdU=
From: "{{word "gb18030" "B" "黄丽"}}" <2845731960@qq.com>
To: "{{word "gb18030" "B" "省住建厅协同督办平台"}}" <reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn>
Subject: {{word "gb18030" "B" "回复：[督办#1030] 关于城中村消防安全隐患整治的督办通知"}}
Mime-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_67C54B02_0F3E2A40_5D1C7E29"
Content-Transfer-Encoding: 8Bit
Date: Mon, 3 Mar 2025 14:26:58 +0800
X-Priority: 3
Message-ID: <tencent_5F1C2D3E4A5B6C7D8E9F0A1B2C3D4E5F6A07@qq.com>
X-QQ-MIME: TCMime 1.0 by Tencent
X-Mailer: QQMail 2.x
X-QQ-Mailer: QQMail 2.x
In-Reply-To: <xt.q1w2e3r4t5y6u7i8o9p0a1s2dk.e5f6a7b8c9d0@xietong.example.gov.cn>
References: <xt.q1w2e3r4t5y6u7i8o9p0a1s2dk.e5f6a7b8c9d0@xietong.example.gov.cn>

This is a multi-part message in MIME format.

------=_NextPart_67C54B02_0F3E2A40_5D1C7E29
Content-Type: text/plain;
	charset="gb18030"
Content-Transfer-Encoding: base64

{{b64 "gb18030" .plain}}

------=_NextPart_67C54B02_0F3E2A40_5D1C7E29
Content-Type: text/html;
	charset="gb18030"
Content-Transfer-Encoding: base64

{{b64 "gb18030" .html}}

------=_NextPart_67C54B02_0F3E2A40_5D1C7E29--
`,
	},
	{
		name: "qq-mobile-html-only-accept",
		vars: map[string]string{
			"html": `<div>签收，马上安排。</div><div><br></div><div id="original-content"><br>` + qqQuoteHTML + "</div>\n",
		},
		eml: `
X-QQ-mid: xmsezb32-1t1741002777tq9z4k5nd
From: "{{word "utf-8" "B" "黄丽"}}" <2845731960@qq.com>
To: "{{word "utf-8" "B" "省住建厅协同督办平台"}}" <reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "回复：[督办#1030] 关于城中村消防安全隐患整治的督办通知"}}
Mime-Version: 1.0
Content-Type: text/html;
	charset="utf-8"
Content-Transfer-Encoding: base64
Date: Mon, 3 Mar 2025 09:52:57 +0800
X-Priority: 3
Message-ID: <tencent_0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E08@qq.com>
X-QQ-MIME: TCMime 1.0 by Tencent
X-Mailer: QQMail 2.x
X-QQ-Mailer: QQMail 2.x
In-Reply-To: <xt.q1w2e3r4t5y6u7i8o9p0a1s2dk.e5f6a7b8c9d0@xietong.example.gov.cn>
References: <xt.q1w2e3r4t5y6u7i8o9p0a1s2dk.e5f6a7b8c9d0@xietong.example.gov.cn>

{{b64 "utf-8" .html}}
`,
	},
	{
		name: "qq-autoreply",
		vars: map[string]string{
			"plain": "这是来自QQ邮箱的假期自动回复邮件。\n \n您好，我最近正在休假中，无法亲自回复您的邮件。我将在假期结束后，尽快给您回复。\n",
			"html":  "<div>这是来自QQ邮箱的假期自动回复邮件。<br>&nbsp;<br>您好，我最近正在休假中，无法亲自回复您的邮件。我将在假期结束后，尽快给您回复。</div>\n",
		},
		eml: `
X-QQ-mid: xmsezb32-0t1741001299tq1a2b3c4
From: "{{word "gb18030" "B" "黄丽"}}" <2845731960@qq.com>
To: "{{word "gb18030" "B" "省住建厅协同督办平台"}}" <reply+q1w2e3r4t5y6u7i8o9p0a1s2dk@xietong.example.gov.cn>
Subject: {{word "gb18030" "B" "自动回复: [督办#1030] 关于城中村消防安全隐患整治的督办通知"}}
Mime-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_67C5088B_0E1D2C3B_4A5F6E7D"
Content-Transfer-Encoding: 8Bit
Date: Mon, 3 Mar 2025 09:01:31 +0800
Message-ID: <tencent_AA11BB22CC33DD44EE55FF66AA77BB88CC09@qq.com>
X-QQ-MIME: TCMime 1.0 by Tencent
X-Mailer: QQMail 2.x
X-QQ-Mailer: QQMail 2.x

This is a multi-part message in MIME format.

------=_NextPart_67C5088B_0E1D2C3B_4A5F6E7D
Content-Type: text/plain;
	charset="gb18030"
Content-Transfer-Encoding: base64

{{b64 "gb18030" .plain}}

------=_NextPart_67C5088B_0E1D2C3B_4A5F6E7D
Content-Type: text/html;
	charset="gb18030"
Content-Transfer-Encoding: base64

{{b64 "gb18030" .html}}

------=_NextPart_67C5088B_0E1D2C3B_4A5F6E7D--
`,
	},
}
