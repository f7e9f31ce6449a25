"""Member portal: a relationship's page, sessions, expectations, goals, actions, ending,
concerns, self-ratings, feedback and the personal calendar feed.

Every view fetches the relationship through ``selectors.relationship_for_user`` (404 for
anyone who is not a member), parses a form, calls one service and redirects
(``_common.form_page``, ``_common.post_action``).
"""
