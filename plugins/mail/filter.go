package mail

// wellKnownNames are Outlook's well-known mail folder names that a filter
// entry may use; each is resolved per mailbox with GET mailFolders/{name}.
var wellKnownNames = map[string]bool{
	"archive": true, "clutter": true, "conflicts": true, "conversationhistory": true, "deleteditems": true,
	"drafts": true, "inbox": true, "junkemail": true, "localfailures": true, "msgfolderroot": true,
	"outbox": true, "recoverableitemsdeletions": true, "scheduled": true, "searchfolders": true,
	"sentitems": true, "serverfailures": true, "syncissues": true,
}
