package graphtest

import "net/http"

// adminMail registers mailbox, folder and message operations.
func (s *Server) adminMail(mux *http.ServeMux) {
	mux.HandleFunc("POST /_admin/users/{uid}/mailbox", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.CreateMailbox(r.PathValue("uid")))
	})
	mux.HandleFunc("POST /_admin/users/{uid}/mailFolders", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Parent      string `json:"parent"`
			DisplayName string `json:"displayName"`
		}
		if readJSON(w, r, &body) {
			id, err := s.tenant.CreateFolder(r.PathValue("uid"), body.Parent, body.DisplayName)
			s.replyID(w, id, err)
		}
	})
	mux.HandleFunc("PATCH /_admin/users/{uid}/mailFolders/{fid}", func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			s.reply(w, s.tenant.UpdateFolder(r.PathValue("uid"), r.PathValue("fid"), p))
		}
	})
	mux.HandleFunc("DELETE /_admin/users/{uid}/mailFolders/{fid}", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.DeleteFolder(r.PathValue("uid"), r.PathValue("fid")))
	})
	mux.HandleFunc("POST /_admin/users/{uid}/mailFolders/{fid}/messages", func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			id, err := s.tenant.CreateMessage(r.PathValue("uid"), r.PathValue("fid"), p)
			s.replyID(w, id, err)
		}
	})
	mux.HandleFunc("PATCH /_admin/users/{uid}/messages/{mid}", func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if readJSON(w, r, &p) {
			s.reply(w, s.tenant.UpdateMessage(r.PathValue("uid"), r.PathValue("mid"), p))
		}
	})
	mux.HandleFunc("DELETE /_admin/users/{uid}/messages/{mid}", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.DeleteMessage(r.PathValue("uid"), r.PathValue("mid")))
	})
	mux.HandleFunc("POST /_admin/users/{uid}/messages/{mid}/move", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			DestinationID string `json:"destinationId"`
		}
		if readJSON(w, r, &body) {
			id, err := s.tenant.MoveMessage(r.PathValue("uid"), r.PathValue("mid"), body.DestinationID)
			s.replyID(w, id, err)
		}
	})
}
