package tenant

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"time"
)

// seedMailbox creates a user's mailbox with generated mail folders and
// messages (personal contacts: seedContacts).
// depth is Options.FolderDepth.
func (t *Tenant) seedMailbox(rng *rand.Rand, user *Object, folders, messages, depth int) *Mailbox {
	m := t.addMailbox(user.ID)
	root := outlookID("AAMkAGI2", t.nextSerial())
	m.Root = root
	var inbox string
	for i := 0; i < folders; i++ {
		parent, name, wk := root, "", ""
		switch {
		case i < len(wellKnownFolders):
			wk, name = wellKnownFolders[i][0], wellKnownFolders[i][1]
		default:
			k := i - len(wellKnownFolders)
			name = customFolders[k%len(customFolders)]
			if k >= len(customFolders) {
				name += " " + strconv.Itoa(k/len(customFolders)+1)
			}
			parent = inbox
			switch {
			case depth > 0 && k%depth != 0: // chains of depth folders
				parent = m.Folders.At(m.Folders.Len() - 1).ID
			case depth <= 0 && k%3 == 2: // every third custom folder nests under the previous one
				parent = m.Folders.At(m.Folders.Len() - 1).ID
			}
		}
		f := MailTree.newFolder(outlookID("AAMkAGI2", t.nextSerial()), name, parent)
		m.addFolder(f, false)
		if wk != "" {
			m.wellKnown[wk] = f.ID
		}
		if wk == "inbox" {
			inbox = f.ID
		}
		if parent != root {
			t.bumpChildCount(m.FolderTree, parent, 1, false)
		}
		for j := 0; j < messages; j++ {
			m.addItem(f.ID, t.messageObject(rng, m, f.ID, user, j), false)
		}
		t.refreshCounts(m.FolderTree, f.ID, false)
	}
	return m
}

func (t *Tenant) addMailbox(userID string) *Mailbox {
	m := &Mailbox{UserID: userID, FolderTree: newFolderTree(MailTree), Contacts: newFolderTree(ContactTree)}
	t.mailboxes[userID] = m
	t.order = append(t.order, userID)
	return m
}

// messageObject returns a plausible message in folder; received times lie in
// the 90 days before the epoch.
func (t *Tenant) messageObject(rng *rand.Rand, m *Mailbox, folder string, owner *Object, serial int) *Object {
	n := t.nextSerial()
	received := epoch.Add(-time.Duration(1+rng.IntN(90*24*3600)) * time.Second)
	return t.newMessage(rng, folder, owner, n, received, serial)
}

func (t *Tenant) newMessage(rng *rand.Rand, folder string, owner *Object, n uint64, received time.Time, serial int) *Object {
	subject := pick(rng, subjects)
	if subject[len(subject)-1] == ' ' || subject[len(subject)-1] == '#' {
		subject += strconv.Itoa(serial)
	}
	fromName, fromAddr := externalSender(rng, t.Domain)
	preview := "Hi, " + subject + ". Please see the details below and let me know what you think."
	sent := received.Add(-time.Duration(rng.IntN(120)) * time.Second)
	ownerMail := strValue(owner.Value(UserSchema.MustIndex("mail")))
	ownerName := strValue(owner.Value(UserSchema.MustIndex("displayName")))
	cats := []byte("[]")
	if rng.IntN(5) == 0 {
		cats = jstrs(pick(rng, categories))
	}
	cc := []byte("[]")
	if rng.IntN(3) == 0 {
		ccName, ccAddr := externalSender(rng, t.Domain)
		cc = recipients(ccName, ccAddr)
	}
	imm := outlookID("AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A", n)
	o := newBuilder(MessageSchema).
		set("createdDateTime", jstr(FormatTime(received))).set("lastModifiedDateTime", jstr(FormatTime(received))).
		set("changeKey", jstr(changeKey(imm, 0))).set("categories", cats).
		set("receivedDateTime", jstr(FormatTime(received))).set("sentDateTime", jstr(FormatTime(sent))).
		set("hasAttachments", jbool(rng.IntN(5) == 0)).
		set("internetMessageId", jstr(fmt.Sprintf("<%016x@mail.%s>", mix(n), t.Domain))).
		set("subject", jstr(subject)).set("bodyPreview", jstr(preview)).
		set("importance", jstr(pick(rng, []string{"normal", "normal", "normal", "high", "low"}))).
		set("parentFolderId", jstr(folder)).set("conversationId", jstr(outlookID("AAQkAGI2", n/3))).
		set("isRead", jbool(rng.IntN(10) < 7)).set("isDraft", jbool(false)).
		set("inferenceClassification", jstr(pick(rng, []string{"focused", "other"}))).
		set("body", jany(map[string]string{"contentType": "html", "content": "<html><body><p>" + preview + "</p></body></html>"})).
		set("sender", recipient(fromName, fromAddr)).set("from", recipient(fromName, fromAddr)).
		set("toRecipients", recipients(ownerName, ownerMail)).set("ccRecipients", cc).
		set("bccRecipients", []byte("[]")).set("replyTo", []byte("[]")).
		set("flag", []byte(`{"flagStatus":"notFlagged"}`)).object(imm)
	o.AltID = outlookID("AAMkAGI2", n, 0)
	return o
}

// changeKey derives an Outlook change key from a message id and version.
func changeKey(id string, version uint32) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	return outlookID("CQAAABYAAA", h.Sum64(), uint64(version))
}

func externalSender(rng *rand.Rand, domain string) (string, string) {
	given, sur := pick(rng, givenNames), pick(rng, surnames)
	host := domain
	if rng.IntN(2) == 0 {
		host = asciiLower(pick(rng, companies)) + ".com"
	}
	return given + " " + sur, asciiLower(given) + "." + asciiLower(sur) + "@" + host
}

func recipient(name, addr string) []byte {
	b := append([]byte(`{"emailAddress":{"name":`), jstr(name)...)
	b = append(append(b, `,"address":`...), jstr(addr)...)
	return append(b, "}}"...)
}

func recipients(name, addr string) []byte {
	return append(append([]byte{'['}, recipient(name, addr)...), ']')
}
