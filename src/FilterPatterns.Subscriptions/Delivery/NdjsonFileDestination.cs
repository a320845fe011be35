using System.Text;

namespace FilterPatterns.Subscriptions;

/// <summary>How <see cref="NdjsonFileDestination"/> writes each record.</summary>
public enum NdjsonFormat
{
    /// <summary>The message's JSON, uncompressed, exactly as CloudWatch Logs builds it (one DATA_MESSAGE per line).</summary>
    Decoded,

    /// <summary><c>{"targetArn":…,"partitionKey":…,"data":"&lt;base64 gzip&gt;"}</c>: the record as Kinesis' JSON API shows it.</summary>
    Compressed,
}

/// <summary>
/// An adapter that appends one JSON line per record to a file (NDJSON). I/O errors are retryable; a missing directory
/// or denied access is not (the filter is then disabled for a window, as for a missing or forbidden stream).
/// Thread-safe; lines are never interleaved.
/// </summary>
public sealed class NdjsonFileDestination : IDestinationAdapter, IDisposable
{
    private static readonly byte[] s_newline = "\n"u8.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the adapter.</summary>
    /// <param name="path">The file to append to; created if missing (its directory must exist).</param>
    /// <param name="format">What each line holds.</param>
    public NdjsonFileDestination(string path, NdjsonFormat format = NdjsonFormat.Decoded)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        Format = format;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>What each line holds.</summary>
    public NdjsonFormat Format { get; }

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var buffer = new MemoryStream();
        foreach (var record in batch.Records)
        {
            buffer.Write(Format == NdjsonFormat.Decoded ? SubscriptionPayload.ToJson(record.Message) : CompressedLine(batch, record));
            buffer.Write(s_newline);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One write of whole lines per batch: a failure leaves at most a partial last batch, which is then retried
            // (at-least-once), never a torn line followed by more lines.
            var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return DeliveryResult.Delivered;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.NonRetryableError, "ResourceNotFoundException", e.Message));
        }
        catch (UnauthorizedAccessException e)
        {
            return DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.NonRetryableError, "AccessDeniedException", e.Message));
        }
        catch (IOException e)
        {
            return DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.RetryableError, "IOException", e.Message));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the write lock.</summary>
    public void Dispose() => _gate.Dispose();

    private static byte[] CompressedLine(DeliveryBatch batch, DeliveryRecord record)
    {
        // ARNs and partition keys never need JSON escaping beyond quotes and backslashes.
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return Encoding.UTF8.GetBytes(
            "{\"targetArn\":" + Quote(batch.TargetArn) + ",\"partitionKey\":" + Quote(record.PartitionKey)
            + ",\"data\":\"" + Convert.ToBase64String(record.Data.Span) + "\"}");
    }
}
