"""koen annotation bridge: schema, Label Studio server, push and pull."""
