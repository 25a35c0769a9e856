pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = "my-app-secret" # WARNING: The client secret is written in the pipeline file # WARNING: env("GRAPH_CLIENT_SECRET")
  }
  state { key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" } # WARNING: The state key is written # WARNING: file("state.key")
  destination "local" { path = "./lake" }
  source "users" {}
}
