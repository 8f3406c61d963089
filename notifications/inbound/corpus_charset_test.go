package inbound

var charsetCorpus = []corpusMail{}
