pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state {} # ERROR: Missing state key
  destination "local" { path = "./lake" }
  source "users" {}
}
