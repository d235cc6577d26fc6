"""The forms of a serious incident notification: its fields (fields), one question a page
(questions), the answers kept on the server until they are saved (draft), and correcting a
recorded notification (correction)."""
