pipeline "demo" {
  graph {
    tenant_id            = "contoso.onmicrosoft.com"
    client_id            = "00000000-0000-0000-0000-000000000001"
    auth                 = "certificate" # ERROR: Missing certificate_file
    certificate_password = env("GRAPH_CLIENT_SECRET") # WARNING: certificate_password without certificate_file
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
