package inbound

// Replies from Gmail (zh, en), Apple Mail (macOS zh, en), iPhone (zh, en),
// Thunderbird (zh with an RFC 2231 attachment, en bottom-posted) and the
// Huawei Email app (full-width colons, an IDN sender).

const gmailToken = "g7h8j9k0l1z2x3c4v5b6n7m8qa"

var mobileCorpus = []corpusMail{
	{
		name: "gmail-en-progress",
		vars: map[string]string{
			"token": gmailToken,
			"plain": "progress: 7 of the 12 compounds have started construction. The other 5 will start after the residents' consultation on 12 March.\n\nLiu Yang\n\nOn Mon, Mar 3, 2025 at 9:01 AM Provincial Housing Dept Task System <\nreply+" + gmailToken + "@xietong.example.gov.cn> wrote:\n\n" + quote(noticeEN) + "\n",
			"html":  `<div dir="ltr">progress: 7 of the 12 compounds have started construction. The other 5 will start after the residents&#39; consultation on 12 March.<div><br></div><div>Liu Yang</div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Mar 3, 2025 at 9:01 AM Provincial Housing Dept Task System &lt;<a href="mailto:reply+` + gmailToken + `@xietong.example.gov.cn">reply+` + gmailToken + `@xietong.example.gov.cn</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` + htmlLines(noticeEN) + "</blockquote></div>\n",
		},
		eml: `
MIME-Version: 1.0
References: <xt.{{.token}}.5d4c3b2a1f0e@xietong.example.gov.cn>
In-Reply-To: <xt.{{.token}}.5d4c3b2a1f0e@xietong.example.gov.cn>
From: Liu Yang <liuyang.szzj@gmail.com>
Date: Mon, 3 Mar 2025 15:07:44 +0800
X-Gm-Features: AQ5f1JqJc3Vx9m2Kp7Lw4Rt8Yn1Bs6Df0Gh
Message-ID: <CAJx8mK3vQ9ZpL2rT5nW7yB4eH6dF1gS0aK8cM3xN2pR9tU4wV@mail.gmail.com>
Subject: {{word "UTF-8" "B" "Re: [督办#1035] Task assigned: start construction in 12 compounds"}}
To: Provincial Housing Dept Task System <reply+{{.token}}@xietong.example.gov.cn>
Authentication-Results: mx.xietong.example.gov.cn;
	dkim=pass (2048-bit key) header.d=gmail.com header.i=@gmail.com header.b=Ab1Cd2Ef;
	spf=pass smtp.mailfrom=gmail.com;
	dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com
Content-Type: multipart/alternative; boundary="000000000000a1b2c3062f4d5e6f"

--000000000000a1b2c3062f4d5e6f
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .plain}}
--000000000000a1b2c3062f4d5e6f
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .html}}
--000000000000a1b2c3062f4d5e6f--
`,
	},
	{
		name: "gmail-zh-accept",
		vars: map[string]string{
			"token": gmailToken,
			"plain": "签收，今天安排人员与施工单位对接。\n\n-- \n刘洋\n深圳市住房和建设局\n\n在 2025年3月3日周一 09:01，省住建厅协同督办平台 <\nreply+" + gmailToken + "@xietong.example.gov.cn> 写道：\n\n" + quote(noticeZH) + "\n",
			"html":  `<div dir="ltr">签收，今天安排人员与施工单位对接。<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">刘洋<div>深圳市住房和建设局</div></div></div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">在 2025年3月3日周一 09:01，省住建厅协同督办平台 &lt;<a href="mailto:reply+` + gmailToken + `@xietong.example.gov.cn">reply+` + gmailToken + `@xietong.example.gov.cn</a>&gt; 写道：<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` + htmlLines(noticeZH) + "</blockquote></div>\n",
		},
		eml: `
MIME-Version: 1.0
References: <xt.{{.token}}.5d4c3b2a1f0e@xietong.example.gov.cn>
In-Reply-To: <xt.{{.token}}.5d4c3b2a1f0e@xietong.example.gov.cn>
From: =?UTF-8?B?5YiY5rSL?= <liuyang.szzj@gmail.com>
Date: Mon, 3 Mar 2025 09:44:10 +0800
Message-ID: <CAJx8mK1pQ7rS3tU5vW9xY2zA4bC6dE8fG0hI1jK3lM5nO7pQ@mail.gmail.com>
Subject: {{word "UTF-8" "B" "Re: [督办#1035] 关于12个老旧小区同步开工的督办通知"}}
To: =?UTF-8?B?55yB5L2P5bu65Y6F5Y2P5ZCM552j5Yqe5bmz5Y+w?= <reply+{{.token}}@xietong.example.gov.cn>
Content-Type: multipart/alternative; boundary="0000000000005e6f7a062f4d1234"

--0000000000005e6f7a062f4d1234
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
--0000000000005e6f7a062f4d1234
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .html}}
--0000000000005e6f7a062f4d1234--
`,
	},
	{
		name: "apple-mail-zh-progress-photo",
		vars: map[string]string{
			"plain": "进展：第一批 5 个小区已开工，现场照片见附件。\n\n\n邓佳\n\n在 2025年3月3日，09:01，省住建厅协同督办平台 <reply+e1r2t3y4u5i6o7p8a9s0d1f2gh@xietong.example.gov.cn> 写道：\n\n" + quote(noticeZH) + "\n",
			"html1": `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">进展：第一批 5 个小区已开工，现场照片见附件。<div><br></div><div><img apple-inline="yes" id="A1B2C3D4-E5F6-4789-9ABC-DEF012345678" src="cid:5E0F1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B"></div></body></html>`,
			"html2": `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><div><br></div><div>邓佳</div><div><br><blockquote type="cite"><div>在 2025年3月3日，09:01，省住建厅协同督办平台 &lt;reply+e1r2t3y4u5i6o7p8a9s0d1f2gh@xietong.example.gov.cn&gt; 写道：</div><br class="Apple-interchange-newline"><div><div>` + htmlLines(noticeZH) + `</div></div></blockquote></div><br></body></html>`,
			"jpeg":  "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00 corpus stand-in for a photo \xff\xd9",
		},
		eml: `
From: =?utf-8?B?6YKT5L2z?= <dengjia@jmzjj.example.gov.cn>
Content-Type: multipart/alternative;
	boundary="Apple-Mail=_1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \(3826.400.131.1.6\))
Subject: {{word "utf-8" "Q" "Re: [督办#1038] 关于江门市第一批老旧小区开工的督办通知"}}
Date: Tue, 4 Mar 2025 16:20:03 +0800
In-Reply-To: <xt.e1r2t3y4u5i6o7p8a9s0d1f2gh.0f1e2d3c4b5a@xietong.example.gov.cn>
To: =?utf-8?B?55yB5L2P5bu65Y6F5Y2P5ZCM552j5Yqe5bmz5Y+w?=
 <reply+e1r2t3y4u5i6o7p8a9s0d1f2gh@xietong.example.gov.cn>
References: <xt.e1r2t3y4u5i6o7p8a9s0d1f2gh.0f1e2d3c4b5a@xietong.example.gov.cn>
Message-Id: <7C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F@jmzjj.example.gov.cn>
X-Mailer: Apple Mail (2.3826.400.131.1.6)


--Apple-Mail=_1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
	charset=utf-8

{{qp "utf-8" .plain}}
--Apple-Mail=_1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9
Content-Type: multipart/mixed;
	boundary="Apple-Mail=_9A8B7C6D-5E4F-4321-8765-0F1E2D3C4B5A"


--Apple-Mail=_9A8B7C6D-5E4F-4321-8765-0F1E2D3C4B5A
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
	charset=utf-8

{{qp "utf-8" .html1}}
--Apple-Mail=_9A8B7C6D-5E4F-4321-8765-0F1E2D3C4B5A
Content-Disposition: inline;
	filename=IMG_2034.jpeg
Content-Type: image/jpeg;
	x-unix-mode=0644;
	name="IMG_2034.jpeg"
Content-Id: <5E0F1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B>
Content-Transfer-Encoding: base64

{{bin .jpeg}}
--Apple-Mail=_9A8B7C6D-5E4F-4321-8765-0F1E2D3C4B5A
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
	charset=utf-8

{{qp "utf-8" .html2}}
--Apple-Mail=_9A8B7C6D-5E4F-4321-8765-0F1E2D3C4B5A--

--Apple-Mail=_1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9--
`,
	},
	{
		name: "apple-mail-en-extend-flowed",
		vars: map[string]string{
			"plain": "extend 2025-03-20\n\nThe contractor needs two more weeks: the steel delivery for the new lift \nshafts was delayed by the rain, and the safety inspection cannot be \nbooked before 17 March.\n\nRegards,\nChen Jing\n\n> On 3 Mar 2025, at 09:01, Provincial Housing Dept Task System <reply+w2e3r4t5y6u7i8o9p0q1a2s3dj@xietong.example.gov.cn> wrote:\n> \n" + quote(noticeEN) + "\n",
		},
		eml: `
From: Chen Jing <chenjing@gzzjj.example.gov.cn>
Content-Type: text/plain;
	charset=us-ascii;
	format=flowed
Content-Transfer-Encoding: 7bit
Mime-Version: 1.0 (Mac OS X Mail 16.0 \(3826.400.131.1.6\))
Subject: {{word "utf-8" "Q" "Re: [督办#1039] Task assigned: install lifts in 8 old buildings"}}
Date: Wed, 5 Mar 2025 10:02:17 +0800
In-Reply-To: <xt.w2e3r4t5y6u7i8o9p0q1a2s3dj.abcdef012345@xietong.example.gov.cn>
To: Provincial Housing Dept Task System <reply+w2e3r4t5y6u7i8o9p0q1a2s3dj@xietong.example.gov.cn>
References: <xt.w2e3r4t5y6u7i8o9p0q1a2s3dj.abcdef012345@xietong.example.gov.cn>
Message-Id: <0E1F2A3B-4C5D-4E6F-9A8B-7C6D5E4F3A2B@gzzjj.example.gov.cn>
X-Mailer: Apple Mail (2.3826.400.131.1.6)

{{.plain}}`,
	},
	{
		name: "iphone-zh-accept",
		vars: map[string]string{
			"plain": "签收\n\n发自我的iPhone\n\n> 在 2025年3月3日，09:01，省住建厅协同督办平台 <reply+y5u6i7o8p9a0s1d2f3g4h5j6kl@xietong.example.gov.cn> 写道：\n> \n> \ufeff" + quote(noticeZH)[2:] + "\n",
			"html":  `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">签收<br><br><div dir="ltr">发自我的iPhone</div><div dir="ltr"><br><blockquote type="cite">在 2025年3月3日，09:01，省住建厅协同督办平台 &lt;reply+y5u6i7o8p9a0s1d2f3g4h5j6kl@xietong.example.gov.cn&gt; 写道：<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">` + "\ufeff" + htmlLines(noticeZH) + "</div></blockquote></body></html>\n",
		},
		eml: `
Content-Type: multipart/alternative; boundary=Apple-Mail-3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F
Content-Transfer-Encoding: 7bit
From: =?utf-8?B?5byg5Lyf?= <zhangwei@gzzjj.example.gov.cn>
Mime-Version: 1.0 (1.0)
Date: Mon, 3 Mar 2025 09:12:40 +0800
Subject: {{word "utf-8" "B" "Re: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Message-Id: <9B8C7D6E-5F4A-4B3C-8D2E-1F0A9B8C7D6E@gzzjj.example.gov.cn>
References: <xt.y5u6i7o8p9a0s1d2f3g4h5j6kl.fedcba987654@xietong.example.gov.cn>
In-Reply-To: <xt.y5u6i7o8p9a0s1d2f3g4h5j6kl.fedcba987654@xietong.example.gov.cn>
To: =?utf-8?B?55yB5L2P5bu65Y6F5Y2P5ZCM552j5Yqe5bmz5Y+w?= <reply+y5u6i7o8p9a0s1d2f3g4h5j6kl@xietong.example.gov.cn>
X-Mailer: iPhone Mail (22D63)


--Apple-Mail-3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F
Content-Type: text/plain;
	charset=utf-8
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .plain}}
--Apple-Mail-3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F
Content-Type: text/html;
	charset=utf-8
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .html}}
--Apple-Mail-3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F--
`,
	},
	{
		name: "iphone-en-done",
		vars: map[string]string{
			"plain": "Done: the 3 remaining sites were rectified and passed the fire brigade check this morning.\n\nSent from my iPhone\n\n> On Mar 3, 2025, at 09:01, Provincial Housing Dept Task System <reply+b6n7m8q9w0e1r2t3y4u5i6o7pc@xietong.example.gov.cn> wrote:\n> \n> \ufeff" + quote(noticeEN)[2:] + "\n",
		},
		eml: `
Content-Type: text/plain;
	charset=utf-8
Content-Transfer-Encoding: quoted-printable
From: Zhou Tao <zhoutao@szzjj.example.gov.cn>
Mime-Version: 1.0 (1.0)
Date: Fri, 7 Mar 2025 11:48:05 +0800
Subject: {{word "utf-8" "B" "Re: [督办#1040] Task assigned: clear the blocked fire exits"}}
Message-Id: <3D4E5F6A-7B8C-4D9E-8F0A-1B2C3D4E5F6A@szzjj.example.gov.cn>
References: <xt.b6n7m8q9w0e1r2t3y4u5i6o7pc.13579bdf2468@xietong.example.gov.cn>
In-Reply-To: <xt.b6n7m8q9w0e1r2t3y4u5i6o7pc.13579bdf2468@xietong.example.gov.cn>
To: Provincial Housing Dept Task System <reply+b6n7m8q9w0e1r2t3y4u5i6o7pc@xietong.example.gov.cn>
X-Mailer: iPhone Mail (22D63)

{{qp "utf-8" .plain}}
`,
	},
	{
		name: "thunderbird-zh-progress-attachment-2231",
		vars: map[string]string{
			"plain": "进展：第二轮整改情况汇总见附件，整改完成率 86%，剩余问题集中在 \n3 个无物业管理的小区。\n\n郑晓燕\n\n在 2025/3/3 09:01, 省住建厅协同督办平台 写道:\n" + quote(noticeZH) + "\n",
			"xlsx":  "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00 corpus stand-in for an .xlsx workbook PK\x05\x06",
		},
		eml: `
Content-Type: multipart/mixed; boundary="------------Bx0T9zQ4hJ2fK8wN3pL6vR1c"
Message-ID: <8f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b@dgzjj.example.gov.cn>
Date: Wed, 5 Mar 2025 09:12:48 +0800
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: {{word "UTF-8" "B" "Re: [督办#1036] 关于东莞市老旧小区第二轮整改的督办通知"}}
Content-Language: zh-CN
To: {{word "UTF-8" "B" "省住建厅协同督办平台"}}
 <reply+t7y8u9i0o1p2a3s4d5f6g7h8jm@xietong.example.gov.cn>
References: <xt.t7y8u9i0o1p2a3s4d5f6g7h8jm.24680ace1357@xietong.example.gov.cn>
From: {{word "UTF-8" "B" "郑晓燕"}} <zhengxiaoyan@dgzjj.example.gov.cn>
In-Reply-To: <xt.t7y8u9i0o1p2a3s4d5f6g7h8jm.24680ace1357@xietong.example.gov.cn>

This is a multi-part message in MIME format.
--------------Bx0T9zQ4hJ2fK8wN3pL6vR1c
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{{.plain}}
--------------Bx0T9zQ4hJ2fK8wN3pL6vR1c
Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;
 name="{{word "UTF-8" "B" "第二轮整改情况汇总表.xlsx"}}"
Content-Disposition: attachment;
 filename*=UTF-8''{{pct "utf-8" "第二轮整改情况汇总表.xlsx"}}
Content-Transfer-Encoding: base64

{{bin .xlsx}}

--------------Bx0T9zQ4hJ2fK8wN3pL6vR1c--
`,
	},
	{
		name: "thunderbird-en-bottom-posted-accept",
		vars: map[string]string{
			"plain": "On 3/3/25 09:01, Provincial Housing Dept Task System wrote:\n" + quote(noticeEN) + "\n\naccept\n\nI will coordinate with the district offices this week.\n\n-- \nZhao Min\nDongguan Housing Bureau\n",
		},
		eml: `
Message-ID: <1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d@dgzjj.example.gov.cn>
Date: Mon, 3 Mar 2025 10:30:00 +0800
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: {{word "UTF-8" "B" "Re: [督办#1041] Task assigned: survey the old compounds"}}
Content-Language: en-US
To: Provincial Housing Dept Task System
 <reply+j9k8l7m6n5b4v3c2x1z0q9w8ex@xietong.example.gov.cn>
References: <xt.j9k8l7m6n5b4v3c2x1z0q9w8ex.02468ace1357@xietong.example.gov.cn>
From: Zhao Min <zhaomin@dgzjj.example.gov.cn>
In-Reply-To: <xt.j9k8l7m6n5b4v3c2x1z0q9w8ex.02468ace1357@xietong.example.gov.cn>
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

{{.plain}}`,
	},
	{
		name: "huawei-idn-note",
		vars: map[string]string{
			"plain": "收到，我们会在本周内组织相关科室研究，并按时报送进展情况。\n\n\n\n发自我的华为手机\n\n\n-------- 原始邮件 --------\n发件人： 省住建厅协同督办平台 <reply+l1k2j3h4g5f6d7s8a9p0o1i2uy@xietong.example.gov.cn>\n日期： 2025年3月3日周一 09:01\n收件人： 李娜 <lina@住建局.中国>\n主题： [督办#1037] 关于全省住房租赁市场专项检查的督办通知\n\n" + noticeZH + "\n",
			"html":  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><div dir="auto">收到，我们会在本周内组织相关科室研究，并按时报送进展情况。</div><div dir="auto"><br></div><div dir="auto"><br></div><div dir="auto"><br></div><div id="signature" dir="auto">发自我的华为手机</div><div><br></div><div><br></div><div class="quote">-------- 原始邮件 --------<br>发件人： 省住建厅协同督办平台 &lt;reply+l1k2j3h4g5f6d7s8a9p0o1i2uy@xietong.example.gov.cn&gt;<br>日期： 2025年3月3日周一 09:01<br>收件人： 李娜 &lt;lina@住建局.中国&gt;<br>主题： [督办#1037] 关于全省住房租赁市场专项检查的督办通知<br><br>` + htmlLines(noticeZH) + "</div></body></html>\n",
		},
		eml: `
From: {{word "UTF-8" "B" "李娜"}} <lina@住建局.中国>
To: {{word "UTF-8" "B" "省住建厅协同督办平台"}} <reply+l1k2j3h4g5f6d7s8a9p0o1i2uy@xietong.example.gov.cn>
Subject: {{word "UTF-8" "B" "回复：[督办#1037] 关于全省住房租赁市场专项检查的督办通知"}}
Date: Mon, 03 Mar 2025 12:05:33 +0800
Message-ID: <5f6a7b8c-9d0e-4f1a-2b3c-4d5e6f7a8b9c@email.android.com>
In-Reply-To: <xt.l1k2j3h4g5f6d7s8a9p0o1i2uy.112233445566@xietong.example.gov.cn>
References: <xt.l1k2j3h4g5f6d7s8a9p0o1i2uy.112233445566@xietong.example.gov.cn>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="--_com.huawei.email_9876543210123456789"
X-Mailer: HuaweiEmail 12.0.1

----_com.huawei.email_9876543210123456789
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
----_com.huawei.email_9876543210123456789
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{{b64 "utf-8" .html}}
----_com.huawei.email_9876543210123456789--
`,
	},
}
