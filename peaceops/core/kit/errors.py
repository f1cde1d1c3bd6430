"""The core field error: input a record type cannot use, naming the field it is about."""


class FieldError(ValueError):
    """A field's value cannot be used: the API answers 422 with `field`, forms show `message` on the field,
    importers reject the row with it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message
