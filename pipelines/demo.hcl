# The demo pipeline. `etl demo` runs it against an emulator it starts
# in-process, with these variables set for it. To run it by hand against
# `etl sim`, export them from the JSON line `etl sim` prints:
#
#   GRAPHLAKE_ENDPOINT   graph          GRAPHLAKE_AUTHORITY  authority
#   GRAPHLAKE_TENANT     tenant         GRAPHLAKE_CLIENT_ID  client_id
#   GRAPH_CLIENT_SECRET  client_secret  GRAPHLAKE_CA_FILE    ca_file
#   GRAPHLAKE_STATE_KEY  any 32 random bytes, base64 (openssl rand -base64 32)
#
# then: etl run pipelines/demo.hcl
pipeline "demo" {
  graph {
    endpoint       = env("GRAPHLAKE_ENDPOINT")
    authority_host = env("GRAPHLAKE_AUTHORITY")
    tenant_id      = env("GRAPHLAKE_TENANT")
    client_id      = env("GRAPHLAKE_CLIENT_ID")
    client_secret  = env("GRAPH_CLIENT_SECRET")
    ca_file        = env("GRAPHLAKE_CA_FILE")
  }

  state {
    key = env("GRAPHLAKE_STATE_KEY")
  }

  destination "local" {
    path = env("GRAPHLAKE_LAKE", "./lake")
  }

  source "users" {
    select = ["displayName", "givenName", "surname", "userPrincipalName", "mail", "mailNickname",
      "jobTitle", "department", "companyName", "officeLocation", "mobilePhone", "businessPhones",
      "accountEnabled", "city", "country", "usageLocation", "employeeId", "preferredLanguage",
      "createdDateTime", "manager"]
  }
}
