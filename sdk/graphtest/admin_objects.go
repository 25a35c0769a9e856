package graphtest

import (
	"net/http"
)

// adminObjects registers create/update/delete/restore for directory
// objects and group relationships.
func (s *Server) adminObjects(mux *http.ServeMux) {
	for _, coll := range []string{"users", "groups", "contacts"} {
		mux.HandleFunc("POST /_admin/"+coll, s.adminCreate(coll))
		mux.HandleFunc("PATCH /_admin/"+coll+"/{id}", func(w http.ResponseWriter, r *http.Request) {
			var p Props
			if readJSON(w, r, &p) {
				s.reply(w, s.tenant.Update(coll, r.PathValue("id"), p))
			}
		})
		mux.HandleFunc("DELETE /_admin/"+coll+"/{id}", func(w http.ResponseWriter, r *http.Request) {
			s.reply(w, s.tenant.Delete(coll, r.PathValue("id"), r.URL.Query().Get("hard") == "true"))
		})
	}
	for _, coll := range []string{"users", "groups"} {
		mux.HandleFunc("POST /_admin/"+coll+"/{id}/restore", func(w http.ResponseWriter, r *http.Request) {
			s.reply(w, s.tenant.Restore(coll, r.PathValue("id")))
		})
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
	link := map[string][2]func(string, string) error{
		"members": {s.tenant.AddMember, s.tenant.RemoveMember},
		"owners":  {s.tenant.AddOwner, s.tenant.RemoveOwner},
	}
	for rel, fns := range link {
		mux.HandleFunc("POST /_admin/groups/{id}/"+rel, func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				ID string `json:"id"`
			}
			if readJSON(w, r, &body) {
				s.reply(w, fns[0](r.PathValue("id"), body.ID))
			}
		})
		mux.HandleFunc("DELETE /_admin/groups/{id}/"+rel+"/{member}", func(w http.ResponseWriter, r *http.Request) {
			s.reply(w, fns[1](r.PathValue("id"), r.PathValue("member")))
		})
	}
}

func (s *Server) adminCreate(coll string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var p Props
		if !readJSON(w, r, &p) {
			return
		}
		var id string
		var err error
		switch coll {
		case "users":
			id, err = s.tenant.CreateUser(p)
		case "groups":
			id, err = s.tenant.CreateGroup(p, r.URL.Query().Get("unified") == "true")
		default:
			id, err = s.tenant.CreateContact(p)
		}
		s.replyID(w, id, err)
	}
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
