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

package dev.dispatch.messaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import org.jspecify.annotations.Nullable;

import dev.dispatch.security.ClusterSeal;

/**
 * What carries this node's sealed batches to each other node: a connection of its own
 * ({@link OutboundLink}) to a node whose member announces a {@link MessagePort}, else
 * Hazelcast's topic of the node's inbox. The choice is made at the first batch sent to a
 * node's member and kept, so that one carrier keeps the batches in order; a node that no
 * member holds yet is published to on its topic, as before it announced anything.
 * <p>
 * Threads: the outbox's publishing thread sends; the membership thread or the transport
 * closes.
 *
 * @author Dispatch team
 */
final class NodeCarriers {

	private final HazelcastInstance hazelcast;

	private final String localNode;

	private final ClusterSeal seal;

	private final int maxBatchBytes;

	private final List<Integer> outboundPorts;

	NodeCarriers(HazelcastInstance hazelcast, String localNode, ClusterSeal seal, int maxBatchBytes,
			List<Integer> outboundPorts) {
		this.hazelcast = hazelcast;
		this.localNode = localNode;
		this.seal = seal;
		this.maxBatchBytes = maxBatchBytes;
		this.outboundPorts = outboundPorts;
	}

	/**
	 * Return a new carrier to a node.
	 * @param node the node id
	 * @return the carrier
	 */
	Carrier to(String node) {
		return new Carrier(node);
	}

	private @Nullable Member holder(String node) {
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			if (NodeIds.of(member).equals(node)) {
				return member;
			}
		}
		return null;
	}

	/**
	 * The carrier of one node's batches.
	 */
	final class Carrier implements Consumer<byte[]>, AutoCloseable, OutboundLink.Target {

		private final String node;

		private @Nullable Consumer<byte[]> chosen;

		private volatile @Nullable OutboundLink link;

		private volatile boolean closed;

		Carrier(String node) {
			this.node = node;
		}

		@Override
		public void accept(byte[] batch) {
			Consumer<byte[]> carrier = this.chosen;
			if (carrier == null) {
				carrier = choose();
			}
			carrier.accept(batch);
		}

		private Consumer<byte[]> choose() {
			Member member = holder(this.node);
			Consumer<byte[]> topic = NodeCarriers.this.hazelcast
				.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + this.node)::publish;
			if (member == null) {
				return topic;
			}
			if (MessagePort.of(member) < 0) {
				this.chosen = topic;
				return topic;
			}
			OutboundLink opened = new OutboundLink(this.node, this, NodeCarriers.this.maxBatchBytes);
			this.link = opened;
			if (this.closed) {
				opened.close();
			}
			this.chosen = opened;
			return opened;
		}

		/**
		 * Return whether a batch sent now goes at once, with no connection to make first;
		 * only the thread that sends may ask.
		 */
		boolean isReady() {
			Consumer<byte[]> carrier = this.chosen;
			return carrier != null && (carrier != this.link || ((OutboundLink) carrier).isReady());
		}

		/**
		 * Finish sending what an earlier batch left unsent; only the thread that sends
		 * may call this.
		 */
		void flush() {
			OutboundLink opened = this.link;
			if (opened != null && this.chosen == opened) {
				opened.flush();
			}
		}

		@Override
		public InetSocketAddress[] addresses() throws IOException {
			Member member = holder(this.node);
			int port = (member != null) ? MessagePort.of(member) : -1;
			if (member == null || port < 0) {
				throw new IOException("node " + this.node + " is no longer a member with a message port");
			}
			return new InetSocketAddress[] { new InetSocketAddress(localAddress(), 0),
					new InetSocketAddress(member.getAddress().getInetAddress(), port) };
		}

		@Override
		public List<Integer> outboundPorts() {
			return NodeCarriers.this.outboundPorts;
		}

		private InetAddress localAddress() throws UnknownHostException {
			return NodeCarriers.this.hazelcast.getCluster().getLocalMember().getAddress().getInetAddress();
		}

		@Override
		public byte[] hello() {
			// the member's UUID as it is now: a split-brain heal gives a merged member a
			// new one
			UUID member = NodeCarriers.this.hazelcast.getCluster().getLocalMember().getUuid();
			return LinkHello.write(NodeCarriers.this.localNode, member, NodeCarriers.this.seal, this.node);
		}

		@Override
		public void close() {
			this.closed = true;
			OutboundLink opened = this.link;
			if (opened != null) {
				opened.close();
			}
		}

	}

}
