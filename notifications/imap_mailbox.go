package notifications

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// unseen selects the mailbox and lists its new messages in UID order.
func (p *Poller) unseen(c *imapclient.Client) ([]imap.UID, error) {
	mailbox := strings.TrimPrefix(p.URL.Path, "/")
	if mailbox == "" {
		mailbox = "INBOX"
	}
	if _, err := c.Select(mailbox, nil).Wait(); err != nil {
		return nil, fmt.Errorf("imap select %q: %w", mailbox, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{
		NotFlag: []imap.Flag{imap.FlagSeen, imap.FlagDeleted},
	}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap search unseen: %w", err)
	}
	uids := found.AllUIDs()
	slices.Sort(uids)
	return uids, nil
}

// ensureMailbox creates a folder unless it exists.
func ensureMailbox(c *imapclient.Client, name string) error {
	list, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("imap list %q: %w", name, err)
	}
	for _, m := range list {
		if m.Mailbox == name {
			return nil
		}
	}
	err = c.Create(name, nil).Wait()
	var ie *imap.Error
	if err != nil && !(errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists) {
		return fmt.Errorf("imap create %q: %w", name, err)
	}
	return nil
}

// fetchSizes asks for the size of each message, so one too large is never
// downloaded.
func fetchSizes(c *imapclient.Client, uids []imap.UID) (map[imap.UID]int64, error) {
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("imap fetch sizes: %w", err)
	}
	sizes := make(map[imap.UID]int64, len(msgs))
	for _, m := range msgs {
		sizes[m.UID] = m.RFC822Size
	}
	return sizes, nil
}

// fetchRaw downloads one whole message without setting \Seen; ok is false
// when the message is gone.
func fetchRaw(c *imapclient.Client, uid imap.UID) (raw []byte, ok bool, err error) {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{
		UID:         true,
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, false, fmt.Errorf("imap fetch uid %d: %w", uid, err)
	}
	for _, m := range msgs {
		if m.UID != uid {
			continue
		}
		for _, s := range m.BodySection {
			if s.Section.Specifier == imap.PartSpecifierNone && len(s.Section.Part) == 0 {
				return s.Bytes, true, nil
			}
		}
	}
	return nil, false, nil
}

// move marks a message \Seen and moves it; imapclient falls back to COPY,
// STORE \Deleted and EXPUNGE when the server lacks MOVE.
func move(c *imapclient.Client, uid imap.UID, dest string) error {
	set := imap.UIDSetNum(uid)
	seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
	if err := c.Store(set, seen, nil).Close(); err != nil {
		return fmt.Errorf("imap mark uid %d seen: %w", uid, err)
	}
	if _, err := c.Move(set, dest).Wait(); err != nil {
		return fmt.Errorf("imap move uid %d to %q: %w", uid, dest, err)
	}
	return nil
}
