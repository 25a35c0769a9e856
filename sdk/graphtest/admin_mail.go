package graphtest

import (
	"net/http"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// adminMail registers the mailbox operation and, for each Outlook tree
// (mail: mailFolders and messages; personal contacts: contactFolders and
// contacts), its folder and item operations.
func (s *Server) adminMail(mux *http.ServeMux) {
	mux.HandleFunc("POST /_admin/users/{uid}/mailbox", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.CreateMailbox(r.PathValue("uid")))
	})
	for _, k := range tenant.TreeKinds() {
		s.adminTree(mux, k)
	}
}

// adminTree registers one tree kind's folder and item operations.
func (s *Server) adminTree(mux *http.ServeMux, k *tenant.TreeKind) {
	folders, items := "/_admin/users/{uid}/"+k.Collection, "/_admin/users/{uid}/"+k.Items
	mux.HandleFunc("POST "+folders, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Parent      string `json:"parent"`
			DisplayName string `json:"displayName"`
		}
		if readJSON(w, r, &body) {
			id, err := s.tenant.CreateTreeFolder(k, r.PathValue("uid"), body.Parent, body.DisplayName)
			s.replyID(w, id, err)
		}
	})
	mux.HandleFunc("PATCH "+folders+"/{fid}", func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			s.reply(w, s.tenant.UpdateTreeFolder(k, r.PathValue("uid"), r.PathValue("fid"), p))
		}
	})
	mux.HandleFunc("DELETE "+folders+"/{fid}", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.DeleteTreeFolder(k, r.PathValue("uid"), r.PathValue("fid")))
	})
	mux.HandleFunc("POST "+folders+"/{fid}/move", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			DestinationID string `json:"destinationId"`
		}
		if readJSON(w, r, &body) {
			s.reply(w, s.tenant.MoveTreeFolder(k, r.PathValue("uid"), r.PathValue("fid"), body.DestinationID))
		}
	})
	mux.HandleFunc("POST "+folders+"/{fid}/"+k.Items, func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			id, err := s.tenant.CreateTreeItem(k, r.PathValue("uid"), r.PathValue("fid"), p)
			s.replyID(w, id, err)
		}
	})
	mux.HandleFunc("PATCH "+items+"/{mid}", func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			s.reply(w, s.tenant.UpdateTreeItem(k, r.PathValue("uid"), r.PathValue("mid"), p))
		}
	})
	mux.HandleFunc("DELETE "+items+"/{mid}", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.DeleteTreeItem(k, r.PathValue("uid"), r.PathValue("mid")))
	})
	mux.HandleFunc("POST "+items+"/{mid}/move", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			DestinationID string `json:"destinationId"`
		}
		if readJSON(w, r, &body) {
			id, err := s.tenant.MoveTreeItem(k, r.PathValue("uid"), r.PathValue("mid"), body.DestinationID)
			s.replyID(w, id, err)
		}
	})
}
