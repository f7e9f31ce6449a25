COORDINATOR_PERMISSIONS = ("accounts.view_sentnotification", "accounts.view_expertisearea")
