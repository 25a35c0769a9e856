package graphtest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/auditlog"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/calendar"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/delta"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/drive"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/fault"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/identity"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/pki"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Server is a running emulator.
type Server struct {
	// URL is the root, e.g. "https://127.0.0.1:41234".
	URL string

	opts     Options
	tenant   *tenant.Tenant
	engine   *delta.Engine
	faults   *fault.Injector
	identity *identity.Platform
	ca       *pki.Authority
	http     *http.Server
	ln       net.Listener
	stats    *stats
	done     chan struct{}

	mailboxLimit *mailboxLimiter
	missing      *missingMailboxes
	logs         *auditlog.Store
	calendars    *calendar.Store
	drives       *drive.Store
	inFlight     inFlight
	// subrequests is the chain a Graph request takes after
	// authentication, counted in flight: what each $batch request runs
	// through.
	subrequests http.Handler
}

// NewServer generates the tenant and starts serving HTTPS. Call Close when
// done.
func NewServer(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	s := &Server{opts: opts, faults: fault.New(), stats: newStats(), done: make(chan struct{})}
	var err error
	if s.ca, err = pki.NewAuthority("graphlake emulator CA"); err != nil {
		return nil, fmt.Errorf("create emulator CA: %w", err)
	}
	topts := tenant.Options{Seed: opts.Seed, Domain: opts.Domain, Users: opts.Users,
		Groups: opts.Groups, MembersPerGroup: opts.MembersPerGroup, Contacts: opts.Contacts,
		Mailboxes: opts.Mailboxes, FoldersPerMailbox: opts.FoldersPerMailbox, MessagesPerFolder: opts.MessagesPerFolder,
		FolderDepth: opts.FolderDepth, ContactFoldersPerMailbox: opts.ContactFoldersPerMailbox,
		ContactsPerFolder: opts.ContactsPerFolder, MixedMembers: opts.Has(MixedMembers), InitialRemovals: opts.Has(InitialRemovals)}
	resources := opts.Resources
	if opts.Directory != nil {
		resources = append(opts.Directory.resources(opts.Seed, opts.TenantID), resources...)
	}
	for _, r := range resources {
		tr, err := r.compile()
		if err != nil {
			return nil, err
		}
		topts.Resources = append(topts.Resources, tr)
	}
	if s.tenant, err = tenant.Build(topts); err != nil {
		return nil, fmt.Errorf("generate the emulated tenant: %w", err)
	}
	s.logs = newAuditLogs(opts, time.Now(), s.people)
	s.calendars = s.newCalendars(time.Now())
	s.drives = newDrives(opts, s.people())
	pageFaults := func(k delta.PageFault, r *http.Request) bool { return s.faults.Fires(fault.Kind(k), r) }
	s.engine, err = delta.New(s.tenant, pageFaults, delta.Options{Seed: opts.Seed, DirectoryPageSize: opts.DirectoryPageSize,
		LinksPerPage: opts.LinksPerPage, OutlookPageSize: opts.OutlookPageSize, TokenTTL: opts.DeltaTokenTTL,
		LocationWithoutQuery: opts.Has(LocationWithoutQuery), OutlookPartialUpdates: opts.Has(PartialUpdates),
		TopLevelFolders: opts.Has(TopLevelFolders), InitialRemovals: opts.Has(InitialRemovals),
		ListDefaultContactFolder: opts.Has(DefaultContactFolderListed)})
	if err != nil {
		return nil, fmt.Errorf("create delta engine: %w", err)
	}
	s.identity, err = identity.New(identity.Options{TenantID: opts.TenantID, TokenTTL: opts.AccessTokenTTL,
		BaseURL: func() string { return s.URL }, ManagedIdentitySecret: opts.ManagedIdentityHeader,
		Clients: []identity.Client{{ID: opts.ClientID, Secret: opts.ClientSecret}}})
	if err != nil {
		return nil, fmt.Errorf("create identity platform: %w", err)
	}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

// Start is NewServer for tests: it fails t on error and closes the server
// when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := NewServer(opts)
	if err != nil {
		t.Fatalf("start graph emulator: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func (s *Server) listen() error {
	cert, err := s.ca.IssueServer(s.opts.Hosts...)
	if err != nil {
		return fmt.Errorf("issue emulator certificate: %w", err)
	}
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.opts.Listen, err)
	}
	s.ln = ln
	s.URL = "https://" + ln.Addr().String()
	s.http = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 30 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}, MinVersion: tls.VersionTLS12},
		ConnState: s.inFlight.countConn}
	go func() {
		defer close(s.done)
		if err := s.http.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "graph emulator: serve: %v\n", err)
		}
	}()
	return nil
}

// Close stops the server and waits for it to finish. Requests in flight get
// a short grace period; idle HTTP/2 clients are not waited for (Go's server
// would otherwise hold each for a second after its GOAWAY).
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		_ = s.http.Close()
	}
	<-s.done
	return nil
}

// GraphURL is the Graph service root, ending in /v1.0.
func (s *Server) GraphURL() string { return s.URL + "/v1.0" }

// AuthorityURL is the authority host for azidentity's
// cloud.Configuration.ActiveDirectoryAuthorityHost.
func (s *Server) AuthorityURL() string { return s.URL + "/" }

// AdminURL is the base of the admin API.
func (s *Server) AdminURL() string { return s.URL + "/_admin" }

// TenantID, ClientID and ClientSecret are the app registration to use.
func (s *Server) TenantID() string { return s.opts.TenantID }

// ClientID is the application (client) id accepted by the token endpoint.
func (s *Server) ClientID() string { return s.opts.ClientID }

// ClientSecret is the client secret accepted by the token endpoint.
func (s *Server) ClientSecret() string { return s.opts.ClientSecret }

// CACertPEM is the PEM of the CA that signed the server certificate.
func (s *Server) CACertPEM() []byte { return s.ca.CertPEM() }

// Client returns an HTTP client that trusts the emulator's CA.
func (s *Server) Client() *http.Client { return s.ca.HTTPClient() }

// Tenant gives direct access to the tenant model for mutations between
// rounds (CreateUser, Update, Delete, AddMember, MoveMessage, Churn…).
func (s *Server) Tenant() *Tenant { return s.tenant }

// IssueClientCertificate signs a client certificate with the emulator's CA
// and registers it on the app, so that certificate credentials (azidentity
// ClientCertificateCredential) can get tokens. It returns PEM cert and key.
func (s *Server) IssueClientCertificate() (certPEM, keyPEM []byte, err error) {
	certPEM, keyPEM, err = s.ca.IssueClient("graphlake emulator app")
	if err != nil {
		return nil, nil, err
	}
	block, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("parse issued client certificate: %w", err)
	}
	return certPEM, keyPEM, s.identity.AddCertificate(s.opts.ClientID, cert)
}

// SetFederatedToken makes the app accept token as a client assertion, as
// workload identity sends it from its token file.
func (s *Server) SetFederatedToken(token string) error {
	return s.identity.AddFederatedToken(s.opts.ClientID, token)
}

// ManagedIdentityEndpoint is the URL for IDENTITY_ENDPOINT when
// Options.ManagedIdentityHeader is set.
func (s *Server) ManagedIdentityEndpoint() string { return s.URL + "/msi/token" }
