pipeline "demo" {
  graph {
    tenant_id        = "contoso.onmicrosoft.com"
    client_id        = "00000000-0000-0000-0000-000000000001"
    client_secret    = env("GRAPH_CLIENT_SECRET")
    certificate_file = "../valid/app.pem" # ERROR: Both client_secret and certificate_file are set
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
