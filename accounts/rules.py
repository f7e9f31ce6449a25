COORDINATOR_PERMISSIONS = ("accounts.view_sentnotification",)
