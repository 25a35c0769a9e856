pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    auth          = "managed_identity"
    client_secret = env("GRAPH_CLIENT_SECRET") # WARNING: client_secret is not used
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
