package sdktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// tokens gets access tokens from the emulator's token endpoint with the
// app's client secret, as the host's credential would.
type tokens struct{ srv *graphtest.Server }

// Token implements wire.TokenSource.
func (ts tokens) Token(ctx context.Context) (string, time.Time, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ts.srv.ClientID()},
		"client_secret": {ts.srv.ClientSecret()}, "scope": {"https://graph.microsoft.com/.default"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.srv.URL+"/"+ts.srv.TenantID()+"/oauth2/v2.0/token",
		strings.NewReader(form.Encode()))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := ts.srv.Client().Do(req)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("request emulator token: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		return "", time.Time{}, fmt.Errorf("emulator token endpoint answered %d (decode: %v)", resp.StatusCode, err)
	}
	return body.AccessToken, time.Now().Add(time.Duration(body.ExpiresIn) * time.Second), nil
}
