package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// messagesQuery is the query of a folder's first messages round.
func messagesQuery(cfg Config) string {
	q := "$select=" + strings.Join(cfg.Select, ",")
	if since, _ := cfg.since(); !since.IsZero() {
		q += "&$filter=" + url.QueryEscape("receivedDateTime ge "+since.Format("2006-01-02T15:04:05Z"))
	}
	return q
}

// messagesStream is one folder's messages delta stream. Every row carries
// the mailbox and the folder, tombstones included: a message moved out of
// this folder is removed here only.
func (r *round) messagesStream(user, folder string) sdk.DeltaStream {
	userJSON, _ := json.Marshal(user)
	folderJSON, _ := json.Marshal(folder)
	return sdk.DeltaStream{ID: messagesStreamID(user, folder), Table: MessagesTable, Prefer: r.prefer,
		URL: r.req.Endpoint + "/users/" + url.PathEscape(user) + "/mailFolders/" + url.PathEscape(folder) + "/messages/delta?" + r.query,
		Item: func(_ context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			obj["userId"], obj["folderId"] = userJSON, folderJSON
			if err := emit.Object(MessagesTable, stream, obj); err != nil {
				return fmt.Errorf("stream %s: %w", stream, err)
			}
			return nil
		}}
}
