package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

const (
	tokenCookie = "georisk_token"
	csrfCookie  = "georisk_csrf"
	csrfField   = "csrf"
)

// tokenOK reports whether the request carries the API token, as a Bearer
// header or (for people using pages) the login cookie.
func (s *Server) tokenOK(r *http.Request) bool {
	if s.opt.Token == "" {
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		if c, err := r.Cookie(tokenCookie); err == nil {
			got, ok = c.Value, true
		}
	}
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}

func (s *Server) auth(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.opt.Token == "" {
			return &httpError{Code: http.StatusForbidden, Msg: "writes are disabled: the server has no API token"}
		}
		if !s.tokenOK(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="georisk"`)
			return &httpError{Code: http.StatusUnauthorized, Msg: "missing or wrong API token"}
		}
		return h(w, r)
	}
}

// readAuth guards read endpoints when reads are protected; a person
// without the cookie is sent to the login page.
func (s *Server) readAuth(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.tokenOK(r) {
			return h(w, r)
		}
		if !isAPI(r.URL.Path) && r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="georisk"`)
		return &httpError{Code: http.StatusUnauthorized, Msg: "missing or wrong API token"}
	}
}

// csrfToken returns the token a form must send back, setting the cookie it
// is derived from when the browser has none. The token is an HMAC of the
// cookie under a key that lives only in this process, so another site can
// neither read nor forge it.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	val := ""
	if err == nil && len(c.Value) >= 16 {
		val = c.Value
	} else {
		b := make([]byte, 18)
		rand.Read(b)
		val = base64.RawURLEncoding.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: val, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	return s.csrfFor(val)
}

func (s *Server) csrfFor(cookie string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF verifies a posted form's token against its cookie.
func (s *Server) checkCSRF(r *http.Request) error {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return &httpError{Code: http.StatusForbidden, Msg: "the form has expired or cookies are off: reload the page and try again"}
	}
	if !hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(s.csrfFor(c.Value))) {
		return &httpError{Code: http.StatusForbidden, Msg: "the form's CSRF token is missing or wrong: reload the page and try again"}
	}
	return nil
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "login", map[string]any{"CSRF": s.csrfToken(w, r), "Next": safeNext(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	if err := s.checkCSRF(r); err != nil {
		return err
	}
	tok := r.PostFormValue("token")
	if s.opt.Token == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(s.opt.Token)) != 1 {
		return &httpError{Code: http.StatusUnauthorized, Msg: "wrong API token"}
	}
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}

func tokenEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
