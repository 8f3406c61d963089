package inbound

// Replies from NetEase (163 and 126 webmail, the 网易邮箱大师 app) and
// from a Coremail-based government mail system.

// neteaseAttrib is the line 163/126 webmail put above a quote.
const neteaseAttrib = `在 2025-03-03 09:01:12，"省住建厅协同督办平台" <reply+u8i9o0p1a2s3d4f5g6h7j8k9lz@xietong.example.gov.cn> 写道：`

var neteaseCorpus = []corpusMail{
	{
		name: "netease163-extend",
		vars: map[string]string{
			"plain": "延期 2025-03-20\n原因：部分小区居民意见尚未统一，需再召开一次业主协商会。\n\n\n\n\n\n\n" + neteaseAttrib + "\n" + quote(noticeZH) + "\n",
			"html":  `<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial"><div style="margin:0;">延期 2025-03-20</div><div style="margin:0;">原因：部分小区居民意见尚未统一，需再召开一次业主协商会。</div></div><br><br><br><span title="neteasefooter"><p>&nbsp;</p></span><div style="position:relative;zoom:1"></div><div id="divNeteaseMailCard"></div><br><pre><br>` + htmlLines(neteaseAttrib) + `</pre><blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">` + htmlLines(noticeZH) + "</blockquote>\n",
		},
		eml: `
Date: Tue, 4 Mar 2025 10:22:33 +0800 (CST)
From: "{{word "gbk" "B" "孙磊"}}" <sunlei_gz@163.com>
To: "{{word "gbk" "B" "省住建厅协同督办平台"}}" <reply+u8i9o0p1a2s3d4f5g6h7j8k9lz@xietong.example.gov.cn>
Subject: {{word "gbk" "B" "Re:[督办#1032] 关于海珠区老旧小区加装电梯项目的督办通知"}}
X-Priority: 3
X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)
 Copyright (c) 2002-2025 www.mailtech.cn 163com
In-Reply-To: <xt.u8i9o0p1a2s3d4f5g6h7j8k9lz.aa00bb11cc22@xietong.example.gov.cn>
References: <xt.u8i9o0p1a2s3d4f5g6h7j8k9lz.aa00bb11cc22@xietong.example.gov.cn>
X-NTES-SC: AL_Qu2YBP6ZvEwr4yWdY+kfmkcVgOw9UcO5v/Ql1YVXPp80iSvr8C0=
Content-Type: multipart/alternative;
	boundary="----=_Part_123456_1234567890.1741054953123"
MIME-Version: 1.0
Message-ID: <5c7f3a1b.4d2e.19562a8b3f1.Coremail.sunlei_gz@163.com>
X-Coremail-Locale: zh_CN
X-CM-TRANSID:_____wD3XxYZd8VnSkQHAA--.12345S2
X-Coremail-Antispam: 1Uf129KBjDUn29KB7ZKAUJUUUUU529EdanIXcx71UUUUU7v73

------=_Part_123456_1234567890.1741054953123
Content-Type: text/plain; charset=GBK
Content-Transfer-Encoding: base64

{{b64 "gbk" .plain}}
------=_Part_123456_1234567890.1741054953123
Content-Type: text/html; charset=GBK
Content-Transfer-Encoding: base64

{{b64 "gbk" .html}}
------=_Part_123456_1234567890.1741054953123--
`,
	},
	{
		name: "netease163-dashi-extend-han-date",
		vars: map[string]string{
			"plain": "延期 2025年3月20日\n等待区财政资金下达后即可开工。\n\n\n发自网易邮箱大师\n---- 回复的原邮件 ----\n| 发件人 | 省住建厅协同督办平台<reply+u8i9o0p1a2s3d4f5g6h7j8k9lz@xietong.example.gov.cn> |\n| 日期 | 2025年03月03日 09:01 |\n| 收件人 | 孙磊<sunlei_gz@163.com> |\n| 主题 | [督办#1032] 关于海珠区老旧小区加装电梯项目的督办通知 |\n" + noticeZH + "\n",
			"html":  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><div style="line-height: 1.5;"><div>延期 2025年3月20日</div><div>等待区财政资金下达后即可开工。</div><div><br></div></div><div id="ntes-iosmail-signature" style="font-size:12px;color:#999">发自网易邮箱大师</div><div class="J-reply" style="background-color:#f2f2f2;color:black;padding-top:6px;padding-bottom:6px;border-radius:3px;-moz-border-radius:3px;-webkit-border-radius:3px;margin-top:45px;margin-bottom:20px;font-family:'微软雅黑';"><div style="font-size:12px;line-height:1.5;word-break:break-all;margin-left:10px;margin-right:10px">---- 回复的原邮件 ----</div><table class="J-reply-table" style="width:100%;font-size:12px"><tr><td>发件人</td><td>省住建厅协同督办平台&lt;reply+u8i9o0p1a2s3d4f5g6h7j8k9lz@xietong.example.gov.cn&gt;</td></tr><tr><td>日期</td><td>2025年03月03日 09:01</td></tr></table></div><div>` + htmlLines(noticeZH) + "</div></body></html>\n",
		},
		eml: `
Date: Tue, 4 Mar 2025 18:40:02 +0800 (GMT+08:00)
From: {{word "utf-8" "B" "孙磊"}} <sunlei_gz@163.com>
To: {{word "utf-8" "B" "省住建厅协同督办平台"}} <reply+u8i9o0p1a2s3d4f5g6h7j8k9lz@xietong.example.gov.cn>
Message-ID: <6a7b8c9d.1e2f.19563b4c5d6.Coremail.sunlei_gz@163.com>
In-Reply-To: <xt.u8i9o0p1a2s3d4f5g6h7j8k9lz.aa00bb11cc22@xietong.example.gov.cn>
References: <xt.u8i9o0p1a2s3d4f5g6h7j8k9lz.aa00bb11cc22@xietong.example.gov.cn>
Subject: {{word "utf-8" "B" "回复:[督办#1032] 关于海珠区老旧小区加装电梯项目的督办通知"}}
MIME-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_Part_5_1988129472.1741084802000"
X-Mailer: NetEase Mail Master iOS 7.19.6
X-CM-CTRLDATA: Xm9y3Wtmb290ZXJfaHRtPTIxNzo1Ng==

------=_Part_5_1988129472.1741084802000
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
------=_Part_5_1988129472.1741084802000
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .html}}
------=_Part_5_1988129472.1741084802000--
`,
	},
	{
		name: "netease126-extend-invalid-date",
		vars: map[string]string{
			"plain": "延期 2025-02-30\n\n\n\n\n\n\n在 2025-03-03 09:01:12，\"省住建厅协同督办平台\" <reply+c5v6b7n8m9a0s1d2f3g4h5j6kw@xietong.example.gov.cn> 写道：\n" + quote(noticeZH) + "\n",
			"html":  `<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial">延期 2025-02-30</div><br><br><br><span title="neteasefooter"><p>&nbsp;</p></span><div style="position:relative;zoom:1"></div><div id="divNeteaseMailCard"></div><br><pre><br>在 2025-03-03 09:01:12，"省住建厅协同督办平台" &lt;reply+c5v6b7n8m9a0s1d2f3g4h5j6kw@xietong.example.gov.cn&gt; 写道：</pre><blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">` + htmlLines(noticeZH) + "</blockquote>\n",
		},
		eml: `
Date: Wed, 5 Mar 2025 08:55:41 +0800 (CST)
From: "{{word "gbk" "B" "何敏"}}" <hemin1986@126.com>
To: "{{word "gbk" "B" "省住建厅协同督办平台"}}" <reply+c5v6b7n8m9a0s1d2f3g4h5j6kw@xietong.example.gov.cn>
Subject: {{word "gbk" "B" "Re:[督办#1033] 关于白云区违法建设专项整治的督办通知"}}
X-Priority: 3
X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)
 Copyright (c) 2002-2025 www.mailtech.cn 126com
In-Reply-To: <xt.c5v6b7n8m9a0s1d2f3g4h5j6kw.dd33ee44ff55@xietong.example.gov.cn>
References: <xt.c5v6b7n8m9a0s1d2f3g4h5j6kw.dd33ee44ff55@xietong.example.gov.cn>
Content-Type: multipart/alternative;
	boundary="----=_Part_98765_432109876.1741136141555"
MIME-Version: 1.0
Message-ID: <3e4f5a6b.7c8d.19564d2e3f4.Coremail.hemin1986@126.com>
X-Coremail-Locale: zh_CN

------=_Part_98765_432109876.1741136141555
Content-Type: text/plain; charset=GBK
Content-Transfer-Encoding: 7bit

{{raw "gbk" .plain}}
------=_Part_98765_432109876.1741136141555
Content-Type: text/html; charset=GBK
Content-Transfer-Encoding: base64

{{b64 "gbk" .html}}
------=_Part_98765_432109876.1741136141555--
`,
	},
	{
		name: "coremail-gov-gb18030-fullwidth-extend",
		vars: map[string]string{
			"html": `<style>body{font-size:14px;font-family:宋体}</style><div>延期至２０２５年３月２８日。</div><div>原因：第三批城中村消防隐患点位涉及𠮷祥里片区房屋产权纠纷，需区法院调解后方可整治。进度表见附件。</div><div><br></div><div>吴桂芬</div><div>番禺区住房和建设局</div><div><br></div><br><pre><br>在 2025-03-03 09:01:12，"省住建厅协同督办平台" &lt;reply+r4t5y6u7i8o9p0l1k2j3h4g5fx@xietong.example.gov.cn&gt; 写道：</pre><blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">` + htmlLines(noticeZH) + "</blockquote>\n",
			"xls":  "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 corpus stand-in for an .xls workbook",
		},
		eml: `
Received: from pyzjj.example.gov.cn (unknown [10.12.3.4])
	by mx.xietong.example.gov.cn (Postfix) with ESMTPS id 4Z6hQn1xKzz9sN2
	for <reply+r4t5y6u7i8o9p0l1k2j3h4g5fx@xietong.example.gov.cn>; Thu, 6 Mar 2025 15:31:09 +0800 (CST)
Date: Thu, 6 Mar 2025 15:31:07 +0800 (GMT+08:00)
From: "{{word "gb18030" "B" "吴桂芬"}}" <wuguifen@pyzjj.example.gov.cn>
To: "{{word "gb18030" "B" "省住建厅协同督办平台"}}" <reply+r4t5y6u7i8o9p0l1k2j3h4g5fx@xietong.example.gov.cn>
Subject: {{word "gb18030" "Q" "回复：[督办#1034] 关于番禺区城中村消防隐患整治的督办通知"}}
X-Priority: 3
X-Mailer: Coremail Webmail Server Version XT6.0.2 build 20230421(f1d2c3b4)
 Copyright (c) 2002-2025 www.mailtech.cn gov
In-Reply-To: <xt.r4t5y6u7i8o9p0l1k2j3h4g5fx.123abc456def@xietong.example.gov.cn>
References: <xt.r4t5y6u7i8o9p0l1k2j3h4g5fx.123abc456def@xietong.example.gov.cn>
Content-Type: multipart/mixed;
	boundary="----=_Part_2233_4455667788.1741246267001"
MIME-Version: 1.0
Message-ID: <2b3c4d5e.6f7a.19566f1a2b3.Coremail.wuguifen@pyzjj.example.gov.cn>
X-Coremail-Locale: zh_CN

------=_Part_2233_4455667788.1741246267001
Content-Type: text/html; charset=GB18030
Content-Transfer-Encoding: quoted-printable

{{qp "gb18030" .html}}
------=_Part_2233_4455667788.1741246267001
Content-Type: application/vnd.ms-excel;
	name*0*=GBK''{{pct "gbk" "城中村消防隐患整治"}};
	name*1*={{pct "gbk" "进度表（第三批）.xls"}}
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
	filename*0*=GBK''{{pct "gbk" "城中村消防隐患整治"}};
	filename*1*={{pct "gbk" "进度表（第三批）.xls"}}

{{bin .xls}}
------=_Part_2233_4455667788.1741246267001--
`,
	},
}
