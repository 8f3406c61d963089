package store

// What the tests outside the package reach inside it.
var (
	ClaimSQL   = claimSQL
	InClaimTx  = inClaimTx
	InRecordTx = inRecordTx

	RecordMailPG       = recordMailPG
	MailOutcomeColumns = mailOutcomeColumns
)
