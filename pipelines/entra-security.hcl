# An Entra ID security lake: who is in the tenant, which groups and roles
# they hold, which applications and service principals exist with their
# credentials (metadata only: Graph never returns secrets), which devices
# are registered, which delegated permissions were granted, and who
# signed in and changed what (sign-in and directory audit logs).
#
# Permissions (application, admin consent): User.Read.All,
# GroupMember.Read.All and Directory.Read.All (oauth2_permission_grants
# needs it; without them, Application.Read.All, Device.Read.All,
# RoleManagement.Read.Directory and AdministrativeUnit.Read.All do; see the
# README's quick start); and AuditLog.Read.All for the audit logs, whose
# sign-ins need a Microsoft Entra ID P1 or P2 licence (without one, set
# logs = ["directory_audits"]).
#
# Set GRAPHLAKE_TENANT, GRAPHLAKE_CLIENT_ID, GRAPH_CLIENT_SECRET and
# GRAPHLAKE_STATE_KEY (openssl rand -base64 32), then:
#   etl validate pipelines/entra-security.hcl && etl run pipelines/entra-security.hcl
pipeline "entra-security" {
  schedule = "1h"

  graph {
    tenant_id     = env("GRAPHLAKE_TENANT")
    client_id     = env("GRAPHLAKE_CLIENT_ID")
    client_secret = env("GRAPH_CLIENT_SECRET")
  }

  state {
    key = env("GRAPHLAKE_STATE_KEY")
  }

  destination "local" {
    path = env("GRAPHLAKE_LAKE", "./entra-lake")
  }

  source "users" {
    select = ["displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "createdDateTime",
      "lastPasswordChangeDateTime", "onPremisesSyncEnabled", "manager"]
  }

  source "groups" {
    select = ["displayName", "mail", "securityEnabled", "groupTypes", "isAssignableToRole", "createdDateTime",
      "members", "owners"]
  }

  # applications, service_principals, devices, directory_roles (and
  # directory_role_members), administrative_units (and
  # administrative_unit_members) and oauth2_permission_grants.
  source "directory" {}

  # sign_ins and directory_audits, each event once (append-only tables),
  # from 7 days back in the first round; Graph keeps them 30 days, so run
  # at least monthly.
  source "auditlogs" {
    look_back = "7d"
  }

  lake {
    compact_every = 24
  }
}
