package graphtest

import (
	"net/http"
)

// adminObjects registers create/update/delete (and restore, where the
// resource soft-deletes) for every registered directory resource, the
// links of its relationships, and users' manager.
func (s *Server) adminObjects(mux *http.ServeMux) {
	for _, res := range s.tenant.Resources() {
		coll := res.Path
		mux.HandleFunc("POST /_admin/"+coll, func(w http.ResponseWriter, r *http.Request) {
			var p Props
			if readJSON(w, r, &p) {
				id, err := s.tenant.Create(coll, p, r.URL.Query())
				s.replyID(w, id, err)
			}
		})
		mux.HandleFunc("PATCH /_admin/"+coll+"/{id}", func(w http.ResponseWriter, r *http.Request) {
			var p Props
			if readJSON(w, r, &p) {
				s.reply(w, s.tenant.Update(coll, r.PathValue("id"), p))
			}
		})
		mux.HandleFunc("DELETE /_admin/"+coll+"/{id}", func(w http.ResponseWriter, r *http.Request) {
			s.reply(w, s.tenant.Delete(coll, r.PathValue("id"), r.URL.Query().Get("hard") == "true"))
		})
		if res.Restorable {
			mux.HandleFunc("POST /_admin/"+coll+"/{id}/restore", func(w http.ResponseWriter, r *http.Request) {
				s.reply(w, s.tenant.Restore(coll, r.PathValue("id")))
			})
		}
		for _, l := range res.Links {
			s.adminLinks(mux, coll, l.Prop)
		}
	}
	mux.HandleFunc("PUT /_admin/users/{id}/manager", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ID string `json:"id"`
		}
		if readJSON(w, r, &body) {
			s.reply(w, s.tenant.SetManager(r.PathValue("id"), body.ID))
		}
	})
	mux.HandleFunc("DELETE /_admin/users/{id}/manager", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.SetManager(r.PathValue("id"), ""))
	})
}

// adminLinks registers POST /_admin/<coll>/{id}/<rel> {"id": target} and
// DELETE /_admin/<coll>/{id}/<rel>/{member} for one relationship.
func (s *Server) adminLinks(mux *http.ServeMux, coll, rel string) {
	mux.HandleFunc("POST /_admin/"+coll+"/{id}/"+rel, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ID string `json:"id"`
		}
		if readJSON(w, r, &body) {
			s.reply(w, s.tenant.SetLink(coll, r.PathValue("id"), rel, body.ID, true))
		}
	})
	mux.HandleFunc("DELETE /_admin/"+coll+"/{id}/"+rel+"/{member}", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, s.tenant.SetLink(coll, r.PathValue("id"), rel, r.PathValue("member"), false))
	})
}

func (s *Server) reply(w http.ResponseWriter, err error) {
	if err != nil {
		adminError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) replyID(w http.ResponseWriter, id string, err error) {
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": id})
}
