package store

// What the tests outside the package reach inside it.
var (
	ClaimSQL  = claimSQL
	InClaimTx = inClaimTx

	RecordMailPG       = recordMailPG
	MailOutcomeColumns = mailOutcomeColumns
)
