package pki

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

func TestServerCertificateIsTrustedOnlyThroughTheCA(t *testing.T) {
	ca, err := NewAuthority("test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("emulator.test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, host := range []string{"127.0.0.1", "localhost"} {
		t.Run("a client trusting the CA reaches "+host, func(t *testing.T) {
			resp, err := ca.HTTPClient().Get("https://" + host + port)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		})
	}
	t.Run("a client without the CA is refused", func(t *testing.T) {
		if _, err := http.Get(srv.URL); err == nil {
			t.Error("the default client trusted the emulator's certificate")
		}
	})
}

func TestClientCertificateParsesForAzidentity(t *testing.T) {
	ca, _ := NewAuthority("test CA")
	certPEM, keyPEM, err := ca.IssueClient("app")
	if err != nil {
		t.Fatal(err)
	}
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	if err != nil || len(certs) != 1 || key == nil {
		t.Fatalf("azidentity.ParseCertificates: %d certs, key %v, %v", len(certs), key != nil, err)
	}
}
