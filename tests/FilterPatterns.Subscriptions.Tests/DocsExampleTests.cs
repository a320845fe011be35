namespace FilterPatterns.Subscriptions.Tests;

/// <summary>The complete example of docs/subscriptions.md, run as written (keep the two in sync).</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task Destination_policy_filter_events_in_payload_out()
    {
        var lines = new List<string>();

        // --- begin docs example ---
        await using var service = new SubscriptionService();

        // Recipient account 999999999999: a Kinesis stream (here in memory) behind a logical destination.
        const string streamArn = "arn:aws:kinesis:us-east-1:999999999999:stream/RecipientStream";
        var stream = new InMemoryDestination();
        service.Destinations.Register(streamArn, stream);
        var recipient = service.ForAccount("999999999999", "us-east-1");
        var destination = recipient.PutDestination(new()
        {
            DestinationName = "testDestination",
            TargetArn = streamArn,
            RoleArn = "arn:aws:iam::999999999999:role/CWLtoKinesisRole",
        }).Destination;
        recipient.PutDestinationPolicy(new()
        {
            DestinationName = "testDestination",
            AccessPolicy = $$"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"AWS":"111111111111"},"Action":"logs:PutSubscriptionFilter",
                  "Resource":"{{destination.Arn}}"}]}
                """,
        });

        // Sender account 111111111111: a log group subscribed to that destination.
        var sender = service.ForAccount("111111111111", "us-east-1");
        sender.CreateLogGroup(new() { LogGroupName = "CloudTrail/logs" });
        sender.CreateLogStream(new() { LogGroupName = "CloudTrail/logs", LogStreamName = "stream-1" });
        sender.PutSubscriptionFilter(new()
        {
            LogGroupName = "CloudTrail/logs",
            FilterName = "RecipientStream",
            FilterPattern = "{ $.eventName = \"ConsoleLogin\" }",
            DestinationArn = destination.Arn,
        });

        // Events in.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await sender.PutLogEventsAsync(new()
        {
            LogGroupName = "CloudTrail/logs",
            LogStreamName = "stream-1",
            LogEvents =
            [
                new(now, """{"eventName":"ConsoleLogin","userIdentity":{"type":"Root"}}"""),
                new(now, """{"eventName":"DescribeInstances"}"""),
            ],
        });
        await service.FlushAsync();

        // Payload out: each Kinesis record's data is gzip(JSON), exactly what a Kinesis consumer reads.
        foreach (var record in stream.Received)
        {
            var message = SubscriptionPayload.Decode(record.Payload.Span);
            if (message.IsControlMessage)
            {
                continue; // health checks sent when the destination and the filter were created
            }

            foreach (var e in message.LogEvents)
            {
                lines.Add($"{message.Owner} {message.LogGroup} {message.SubscriptionFilters[0]} {e.Message}");
            }
        }

        // --- end docs example ---
        Assert.Equal(["111111111111 CloudTrail/logs RecipientStream {\"eventName\":\"ConsoleLogin\",\"userIdentity\":{\"type\":\"Root\"}}"], lines);
        Assert.Equal(3, stream.Received.Count);
    }
}
