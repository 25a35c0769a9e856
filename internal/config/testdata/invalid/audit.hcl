pipeline "audit" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  audit {
    signing_key = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n" # ERROR: signing_key is a PEM PUBLIC KEY block # WARNING: The signing key is written
  }
  audit { signing_key = "not a key" } # ERROR: Duplicate audit block
  source "users" {}
}
