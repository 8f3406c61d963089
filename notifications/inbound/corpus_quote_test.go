package inbound

import "strings"

// Quoting styles of more clients: English attributions wrapped over
// several lines, "|" quoting, Zoho's "---- On … wrote ----", Outlook's
// reply header in German, French, Spanish, Dutch and the Nordic languages,
// and Foxmail's default signature (the date and the sender's address).

// intlHeader is one language's labels of Outlook's reply header.
type intlHeader struct {
	lang, re, from, sent, to, subject, date string
}

// outlookIntl builds a plain-text Outlook reply whose header block is in
// h's language.
func outlookIntl(h intlHeader, sender, addr, reply string) corpusMail {
	block := h.from + " Provincial Housing Dept Task System <reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>\n" +
		h.sent + " " + h.date + "\n" +
		h.to + " " + sender + " <" + addr + ">\n" +
		h.subject + " " + noticeSubjectEN + "\n\n"
	return corpusMail{
		name: "outlook-" + h.lang + "-progress",
		vars: map[string]string{"plain": reply + "\n\n" + block + noticeEN + "\n"},
		eml: `
From: ` + sender + ` <` + addr + `>
To: Provincial Housing Dept Task System <reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>
Subject: {{word "UTF-8" "Q" "` + h.re + ` ` + noticeSubjectEN + `"}}
Date: Tue, 4 Mar 2025 10:12:00 +0100
Message-ID: <AM0PR07MB` + strings.ToUpper(h.lang) + `4411@partner.example.eu>
In-Reply-To: <xt.p3x8c2r7k5m9w4d6t1b0q8n2hv.8c1d2e3f4a5b@xietong.example.gov.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Content-Language: ` + h.lang + `

{{qp "utf-8" .plain}}
`,
	}
}

var quoteStyleCorpus = []corpusMail{
	outlookIntl(intlHeader{"de", "AW:", "Von:", "Gesendet:", "An:", "Betreff:", "Montag, 3. März 2025 02:01"},
		"Klaus Weber", "k.weber@partner.example.eu",
		"progress: Die Gutachten für 12 Wohnanlagen liegen vor.\n\nMit freundlichen Grüßen\nKlaus Weber"),
	outlookIntl(intlHeader{"fr", "RE :", "De :", "Envoyé :", "À :", "Objet :", "lundi 3 mars 2025 02:01"},
		"Marie Dubois", "m.dubois@partner.example.eu",
		"progress: les relevés de 12 résidences sont terminés.\n\nCordialement,\nMarie Dubois"),
	outlookIntl(intlHeader{"es", "RE:", "De:", "Enviado el:", "Para:", "Asunto:", "lunes, 3 de marzo de 2025 2:01"},
		"Lucía García", "l.garcia@partner.example.eu",
		"progress: se han inspeccionado los 12 conjuntos residenciales.\n\nSaludos,\nLucía García"),
	outlookIntl(intlHeader{"nl", "RE:", "Van:", "Verzonden:", "Aan:", "Onderwerp:", "maandag 3 maart 2025 02:01"},
		"Jan de Vries", "j.devries@partner.example.eu",
		"progress: de 12 wooncomplexen zijn geïnspecteerd.\n\nMet vriendelijke groet,\nJan de Vries"),
	outlookIntl(intlHeader{"sv", "SV:", "Från:", "Skickat:", "Till:", "Ämne:", "den 3 mars 2025 02:01"},
		"Erik Lindqvist", "e.lindqvist@partner.example.eu",
		"progress: alla 12 bostadsområden är besiktigade.\n\nMed vänliga hälsningar\nErik Lindqvist"),
	outlookIntl(intlHeader{"da", "SV:", "Fra:", "Sendt:", "Til:", "Emne:", "3. marts 2025 02:01"},
		"Mette Nielsen", "m.nielsen@partner.example.eu",
		"progress: alle 12 boligområder er gennemgået.\n\nVenlig hilsen\nMette Nielsen"),
	outlookIntl(intlHeader{"fi", "VS:", "Lähettäjä:", "Lähetetty:", "Vastaanottaja:", "Aihe:", "maanantai 3. maaliskuuta 2025 2.01"},
		"Aino Virtanen", "a.virtanen@partner.example.eu",
		"progress: kaikki 12 asuinaluetta on tarkastettu.\n\nYstävällisin terveisin\nAino Virtanen"),
	{
		name: "gmail-en-attribution-three-lines",
		vars: map[string]string{"plain": "done: all 12 compounds are under contract; the last three signed on 7 March.\n\nLi Ming\n\nOn Mon, Mar 3, 2025 at 9:01 AM Provincial Housing Dept Task System\n<reply+" + gmailToken + "@xietong.example.gov.cn>\nwrote:\n\n" + quote(noticeEN) + "\n"},
		eml: `
From: Li Ming <liming.gz@gmail.example.com>
To: Provincial Housing Dept Task System <reply+{{"g7h8j9k0l1z2x3c4v5b6n7m8qa"}}@xietong.example.gov.cn>
Subject: Re: [督办#1025] Task assigned: speed up the renovation of old residential compounds
Date: Fri, 7 Mar 2025 16:20:05 +0800
Message-ID: <CAF3x9Yk2Lm@mail.gmail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{{qp "utf-8" .plain}}
`,
	},
	{
		name: "pipe-quoted-en-accept",
		vars: map[string]string{"plain": "accept\n\nWang Lei\nShenzhen Housing Bureau\n\n" + strings.ReplaceAll(quote(noticeEN), "> ", "| ") + "\n"},
		eml: `
From: Wang Lei <wanglei@szzjj.example.gov.cn>
To: reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn
Subject: Re: [督办#1025] Task assigned: speed up the renovation of old residential compounds
Date: Mon, 3 Mar 2025 11:00:00 +0800
Message-ID: <pine.0303110000.9@szzjj.example.gov.cn>
X-Mailer: Pegasus Mail for Windows (4.80)
MIME-Version: 1.0
Content-Type: text/plain; charset=US-ASCII
Content-Transfer-Encoding: 7bit

{{.plain}}
`,
	},
	{
		name: "zoho-en-progress",
		vars: map[string]string{"plain": "progress: 9 of the 12 contracts are signed.\n\nRegards,\nLi Ming\n\n\n\n---- On Mon, 03 Mar 2025 09:01:12 +0800 Provincial Housing Dept Task System <reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn> wrote ----\n\n" + noticeEN + "\n"},
		eml: `
From: Li Ming <liming@zoho.example.com>
To: Provincial Housing Dept Task System <reply+p3x8c2r7k5m9w4d6t1b0q8n2hv@xietong.example.gov.cn>
Subject: Re: [督办#1025] Task assigned: speed up the renovation of old residential compounds
Date: Tue, 04 Mar 2025 09:30:00 +0800
Message-Id: <1955f1a2b3c.4d5e6f7a8b9c.123456789@zoho.example.com>
User-Agent: Zoho Mail
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{{raw "utf-8" .plain}}
`,
	},
	{
		name: "zoho-zh-progress",
		vars: map[string]string{"plain": "进展：已完成9个小区签约。\n\n张伟\n\n\n\n---- 在 星期一, 2025-03-03 09:01:12 省住建厅协同督办平台 <reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn> 撰写 ----\n\n" + noticeZH + "\n"},
		eml: `
From: {{word "UTF-8" "B" "张伟"}} <zhangwei@zoho.example.com>
To: {{word "UTF-8" "B" "省住建厅协同督办平台"}} <reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
Subject: {{word "UTF-8" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
Date: Tue, 04 Mar 2025 09:31:00 +0800
Message-Id: <1955f1a2b3d.4d5e6f7a8b9c.987654321@zoho.example.com>
User-Agent: Zoho Mail
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{{b64 "utf-8" .plain}}
`,
	},
	{
		name: "foxmail-zh-default-signature",
		vars: map[string]string{"plain": "签收\n\n\n\n2025-03-03\n\n\n\nzhangwei@gzzjj.example.gov.cn\n \n发件人： 省住建厅协同督办平台\n发送时间： 2025-03-03 09:01\n收件人： zhangwei\n主题： " + noticeSubjectZH + "\n" + noticeZH + "\n"},
		eml: `
Date: Mon, 3 Mar 2025 09:40:02 +0800
From: "zhangwei@gzzjj.example.gov.cn" <zhangwei@gzzjj.example.gov.cn>
To: {{word "GB2312" "B" "省住建厅协同督办平台"}} <reply+k7q2m4xw9c3ta8rbf5nd6hjpev@xietong.example.gov.cn>
Subject: {{word "GB2312" "B" "回复: [督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"}}
References: <xt.k7q2m4xw9c3ta8rbf5nd6hjpev.3f9a1c0e5b7d@xietong.example.gov.cn>
X-Priority: 3
X-Has-Attach: no
X-Mailer: Foxmail 7.2.25.375[cn]
Mime-Version: 1.0
Message-ID: <202503030940017361052@gzzjj.example.gov.cn>
Content-Type: text/plain; charset="GB2312"
Content-Transfer-Encoding: base64

{{b64 "gb2312" .plain}}
`,
	},
}
