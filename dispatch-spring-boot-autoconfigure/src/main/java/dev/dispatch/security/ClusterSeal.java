/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.dispatch.security;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What protects the bytes that nodes send each other through Hazelcast when the cluster
 * has a secret ({@code dispatch.security.secret}): batches of frames are encrypted and
 * authenticated for one recipient (AES-GCM), heartbeats, republish requests and registry
 * entries are signed (HMAC-SHA256). Every sealed thing names its sender's salt, a counter
 * and the time by the sender's clock; a heartbeat or batch seen before, further than
 * {@link #MAX_AGE} from this node's clock, or sealed before this node started (less
 * {@link #CLOCK_TOLERANCE}), is refused. Time is the local clock of each node, never
 * Hazelcast's cluster clock, which the oldest member sets, secret or not. Whatever fails
 * is dropped, counted and logged ({@link #rejected(String, String)}).
 * <p>
 * A previous secret ({@code dispatch.security.previous-secret}) is accepted from others.
 * It signs along with the current one, and encrypts for the nodes that are not known to
 * hold the current one, so that nodes can change their secret one at a time without a
 * failed call.
 * <p>
 * Without a secret, the seal is open: it changes nothing and refuses nothing. A node's
 * seal is handed to each part that seals or opens (the transport, the registry, the
 * discovery) when it is created; none of them can be created without one, so a missing
 * seal is an error, never a cluster without a secret.
 * <p>
 * Threads: any thread seals and opens concurrently; the parts say how they are guarded.
 * The counters of what this node seals ({@link Outgoing}) are read as a volatile, and
 * replaced under this seal's lock by the sending thread that finds them full.
 *
 * @author Dispatch team
 */
public final class ClusterSeal {

	/**
	 * The shortest secret accepted.
	 */
	public static final int MIN_SECRET_LENGTH = 32;

	/**
	 * How far the time of a heartbeat or batch may be from this node's clock.
	 */
	public static final Duration MAX_AGE = Duration.ofSeconds(60);

	/**
	 * How far the clocks of two nodes may disagree without a node that has just started
	 * refusing what the other sealed after its start.
	 */
	public static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(2);

	/**
	 * Why sealed bytes were refused: no secret of this node authenticates them.
	 */
	public static final String UNAUTHENTICATED = "unauthenticated";

	/**
	 * Why sealed bytes were refused: they were accepted before.
	 */
	public static final String REPLAYED = "replayed";

	/**
	 * Why sealed bytes were refused: their time is further than {@link #MAX_AGE} from
	 * this node's clock, or before this node started.
	 */
	public static final String EXPIRED = "expired";

	/**
	 * Why bytes were refused: they are not sealed.
	 */
	public static final String MALFORMED = "malformed";

	/**
	 * The kind of refused batches of frames.
	 */
	public static final String FRAMES = "frame";

	private static final ClusterSeal OPEN = new ClusterSeal(null, null, System::currentTimeMillis);

	private final @Nullable SecretKeys current;

	private final @Nullable SecretKeys previous;

	private final LongSupplier clock;

	private final long startedMillis;

	private final SecureRandom random = new SecureRandom();

	private volatile @Nullable Outgoing outgoing;

	private final ReplayGuard replays = new ReplayGuard(MAX_AGE.toMillis());

	private final @Nullable PeerSecrets peers;

	private final Rejections rejections = new Rejections();

	private final SenderKeys senderKeys = new SenderKeys();

	private ClusterSeal(@Nullable SecretKeys current, @Nullable SecretKeys previous, LongSupplier clock) {
		this.current = current;
		this.previous = previous;
		this.clock = clock;
		this.startedMillis = clock.getAsLong();
		this.outgoing = (current != null) ? new Outgoing(current, previous, this.random) : null;
		this.peers = (current != null) ? new PeerSecrets(current, previous) : null;
	}

	/**
	 * Return the seal of a cluster without a secret, which changes and refuses nothing.
	 * @return the open seal
	 */
	public static ClusterSeal open() {
		return OPEN;
	}

	/**
	 * Create the seal of a cluster with a secret.
	 * @param secret the secret, at least {@link #MIN_SECRET_LENGTH} characters long
	 * @param previousSecret the secret the cluster had before, accepted from others, or
	 * {@code null}
	 * @param clock this node's clock, in milliseconds since the epoch
	 * ({@code System::currentTimeMillis}); not the cluster's
	 * @return the seal
	 */
	public static ClusterSeal withSecret(String secret, @Nullable String previousSecret, LongSupplier clock) {
		Assert.isTrue(secret != null && secret.length() >= MIN_SECRET_LENGTH,
				() -> "The secret must be at least " + MIN_SECRET_LENGTH + " characters long");
		SecretKeys current = SecretKeys.of(secret);
		boolean hasPrevious = previousSecret != null && !previousSecret.isEmpty() && !previousSecret.equals(secret);
		return new ClusterSeal(current, hasPrevious ? SecretKeys.of(previousSecret) : null, clock);
	}

	/**
	 * Return whether this seal has a secret.
	 * @return whether it authenticates and encrypts
	 */
	public boolean isEnabled() {
		return this.current != null;
	}

	/**
	 * Tell a listener, the metrics, about every refusal.
	 * @param listener the listener
	 */
	public void setRejectionListener(RejectionListener listener) {
		this.rejections.setListener(listener);
	}

	/**
	 * Return how many things of a kind were refused for a reason.
	 * @param kind {@link #FRAMES} or the tag of a {@link Channel}
	 * @param reason {@link #UNAUTHENTICATED}, {@link #REPLAYED}, {@link #EXPIRED} or
	 * {@link #MALFORMED}
	 * @return the count
	 */
	public long rejected(String kind, String reason) {
		return this.rejections.count(kind, reason);
	}

	/**
	 * Encrypt a batch of frames for one node.
	 * @param sender this node's id
	 * @param recipient the node it goes to
	 * @param batch the batch
	 * @return the sealed batch, or the batch itself without a secret
	 */
	public byte[] sealFrames(String sender, String recipient, byte[] batch) {
		if (this.current == null || this.peers == null) {
			return batch;
		}
		SecretKeys secret = this.peers.forNode(recipient);
		Outgoing.Recipient stream = outgoing().to(recipient);
		while (stream == null) {
			stream = replaceFull().to(recipient);
		}
		return FrameCipher.seal(stream.next(this.clock.getAsLong()), secret, stream.key(secret), sender, recipient,
				batch);
	}

	/**
	 * Decrypt a batch of frames sent to this node.
	 * @param sender the node id of the member that published it
	 * @param recipient this node's id
	 * @param sealed what was published
	 * @return the batch, or {@code null} if it is refused
	 */
	public byte @Nullable [] openFrames(String sender, String recipient, byte[] sealed) {
		if (this.current == null) {
			return sealed;
		}
		ByteBuffer buffer = ByteBuffer.wrap(sealed);
		SealHeader header = SealHeader.read(buffer, Channel.FRAMES_KIND);
		if (header == null || buffer.remaining() < 4) {
			return refuse(FRAMES, MALFORMED, sender);
		}
		SecretKeys secret = secretNamed(FrameCipher.fingerprintOf(sealed));
		SecretKeySpec key = (secret != null) ? this.senderKeys.get(secret, header, recipient) : null;
		byte[] batch = (key != null) ? FrameCipher.open(sealed, header, key, sender, recipient) : null;
		if (secret == null || batch == null) {
			return refuse(FRAMES, UNAUTHENTICATED, sender);
		}
		this.senderKeys.remember(secret, header, recipient, key);
		long now = this.clock.getAsLong();
		if (!isRecent(header, now)) {
			return refuse(FRAMES, EXPIRED, sender);
		}
		if (secret == this.current && this.peers != null) {
			this.peers.encryptedWithCurrent(sender);
		}
		ReplayGuard.Stream stream = new ReplayGuard.Stream(header.salt(), header.kind(), recipient);
		if (!this.replays.accept(stream, header.counter(), header.millis(), now)) {
			return refuse(FRAMES, REPLAYED, sender);
		}
		return batch;
	}

	/**
	 * Sign bytes with every secret of this node.
	 * @param channel what they are
	 * @param context what they belong to: the sending node's id for heartbeats and
	 * republish requests, the map key for entries
	 * @param body the bytes
	 * @return the signed bytes, or the bytes themselves without a secret
	 */
	public byte[] sign(Channel channel, String context, byte[] body) {
		if (this.current == null) {
			return body;
		}
		List<SecretKeys> secrets = (this.previous != null) ? List.of(this.current, this.previous)
				: List.of(this.current);
		return SignedBytes.sign(outgoing().next(channel, this.clock.getAsLong()), secrets, context, body);
	}

	/**
	 * Check signed bytes and return what was signed.
	 * @param channel what they should be
	 * @param context what they should belong to; see {@link #sign}
	 * @param signed the signed bytes
	 * @param count whether to count and log a refusal: bytes read again and again, such
	 * as the registry's entries when the view is rebuilt, are counted where they arrive
	 * @return the bytes signed, or {@code null} if they are refused
	 */
	public byte @Nullable [] verify(Channel channel, String context, byte[] signed, boolean count) {
		if (this.current == null) {
			return signed;
		}
		SignedBytes.Checked checked = SignedBytes.check(signed, channel.kind, context, this::secretNamed);
		if (checked == null) {
			return count ? refuse(channel.tag, MALFORMED, context) : null;
		}
		if (checked.signers().isEmpty()) {
			return count ? refuse(channel.tag, UNAUTHENTICATED, context) : null;
		}
		SealHeader header = checked.header();
		long now = this.clock.getAsLong();
		if (channel.fresh && !isRecent(header, now)) {
			return count ? refuse(channel.tag, EXPIRED, context) : null;
		}
		if (channel.fresh && !this.replays.accept(new ReplayGuard.Stream(header.salt(), header.kind(), ""),
				header.counter(), header.millis(), now)) {
			return count ? refuse(channel.tag, REPLAYED, context) : null;
		}
		if (channel.fresh && this.peers != null) {
			this.peers.heard(context, checked.signers().contains(this.current));
		}
		return checked.body();
	}

	/**
	 * Forget what this seal knows of a node that left: which secret it holds, but not the
	 * counter of the batches sealed for it, which must not start again under the same
	 * salt (see {@link Outgoing}).
	 * @param node the node id
	 */
	public void forgetNode(String node) {
		if (this.peers != null) {
			this.peers.forget(node);
		}
	}

	// recent by this node's clock, and not sealed before this node started: a node
	// restarted under the same id must not take what was sealed for its predecessor
	private boolean isRecent(SealHeader header, long now) {
		return this.replays.isRecent(header.millis(), now)
				&& header.millis() >= this.startedMillis - CLOCK_TOLERANCE.toMillis();
	}

	private Outgoing outgoing() {
		Outgoing outgoing = this.outgoing;
		Assert.state(outgoing != null, "The open seal numbers nothing");
		return outgoing;
	}

	// a new salt, once the current one has counted for as many recipients as it may
	private synchronized Outgoing replaceFull() {
		Outgoing full = outgoing();
		if (full.isFull() && this.current != null) {
			this.outgoing = new Outgoing(this.current, this.previous, this.random);
		}
		return outgoing();
	}

	private @Nullable SecretKeys secretNamed(int fingerprint) {
		if (this.current != null && this.current.fingerprint() == fingerprint) {
			return this.current;
		}
		return (this.previous != null && this.previous.fingerprint() == fingerprint) ? this.previous : null;
	}

	private byte @Nullable [] refuse(String kind, String reason, String from) {
		this.rejections.reject(kind, reason, from);
		return null;
	}

	/**
	 * Hears of every refusal.
	 */
	@FunctionalInterface
	public interface RejectionListener {

		/**
		 * Something was refused.
		 * @param kind what it was
		 * @param reason why it was refused
		 */
		void rejected(String kind, String reason);

	}

}
