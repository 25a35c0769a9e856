pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = "c2hvcnQ=" } # ERROR: Invalid state key # ERROR: openssl rand -base64 32
  destination "local" { path = "./lake" }
  source "users" {}
}
