package domain

import (
	"fmt"
	"testing"
)

// TestReplyCommandNotes: a reply that needs a note and has none gets one
// named by catalogue key, rendered by the service's Words.
func TestReplyCommandNotes(t *testing.T) {
	words := func(key string, args ...any) string { return fmt.Sprint(append([]any{"<" + key + ">"}, args...)...) }
	tests := []struct {
		name   string
		r      Reply
		action Action
		note   string
	}{
		{"extension without a note", Reply{Command: "extend", CommandDate: "2025-03-31"},
			ActRequestExtension, "<inbound.note.extension>2025-03-31"},
		{"extension with a note", Reply{Command: "extend", CommandDate: "2025-03-31", Note: " 等材料 "},
			ActRequestExtension, "等材料"},
		{"attachments only", Reply{Attachments: []Upload{{Filename: "a.pdf"}}},
			ActNote, "<inbound.note.attachments>"},
		{"a note", Reply{Note: "收到"}, ActNote, "收到"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, reason := replyCommand(tt.r, words)
			if reason != "" || cmd.Action != tt.action || cmd.Note != tt.note {
				t.Errorf("got %s %q (refused %q), want %s %q", cmd.Action, cmd.Note, reason, tt.action, tt.note)
			}
		})
	}
}

// TestReplyWordsWithoutCatalogue: a service without Words still writes a
// note (its key and arguments), so the command stays valid.
func TestReplyWordsWithoutCatalogue(t *testing.T) {
	var s ReplyService
	if got, want := s.words("inbound.note.extension", "2025-03-31"), "inbound.note.extension 2025-03-31"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	s.Words = func(key string, _ ...any) string { return "[" + key + "]" }
	if got, want := s.words("inbound.note.attachments"), "[inbound.note.attachments]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
