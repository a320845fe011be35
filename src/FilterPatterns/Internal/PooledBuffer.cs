using System.Buffers;

namespace FilterPatterns.Internal;

/// <summary>
/// Scratch space for the rare matching paths that need a decoded copy of (part of) an event: the caller's stack
/// buffer when it is large enough, else an array rented from the shared pool and returned on dispose.
/// </summary>
internal ref struct PooledBuffer<T>
{
    private T[]? _rented;

    public PooledBuffer(Span<T> stackBuffer, int length)
    {
        if (length <= stackBuffer.Length)
        {
            Span = stackBuffer[..length];
        }
        else
        {
            _rented = ArrayPool<T>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
    }

    public Span<T> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<T>.Shared.Return(_rented, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _rented = null;
        }
    }
}
