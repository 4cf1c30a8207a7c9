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

package dev.dispatch.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.AddressUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Tells whether this node, given members to join, has reached none of them: once a grace
 * period after start-up has passed, it logs a warning naming them, and reports itself
 * alone, with those members, for as long as it is the only member of its cluster. Nodes
 * that cannot find each other otherwise each form a cluster of their own in silence.
 * <p>
 * Threads: the check runs once on a pool thread after the grace period; the state it
 * leaves is read by any thread.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ClusterFormation implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ClusterFormation.class);

	private final HazelcastInstance hazelcast;

	private final Duration gracePeriod;

	private volatile List<String> otherMembers = List.of();

	private volatile boolean graceOver;

	private volatile boolean closed;

	/**
	 * Watch a member.
	 * @param hazelcast the member, started
	 * @param gracePeriod how long it may be alone after start-up before it says so
	 */
	public ClusterFormation(HazelcastInstance hazelcast, Duration gracePeriod) {
		Assert.isTrue(!gracePeriod.isNegative() && !gracePeriod.isZero(), "'gracePeriod' must be positive");
		this.hazelcast = hazelcast;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Check once the grace period from now has passed.
	 */
	public void start() {
		CompletableFuture.runAsync(this::check,
				CompletableFuture.delayedExecutor(this.gracePeriod.toNanos(), TimeUnit.NANOSECONDS));
	}

	/**
	 * Return whether this node has members to join but, past its grace period, is the
	 * only member of its cluster.
	 */
	public boolean isAlone() {
		try {
			return this.graceOver && !this.otherMembers.isEmpty() && !this.closed
					&& this.hazelcast.getLifecycleService().isRunning()
					&& this.hazelcast.getCluster().getMembers().size() == 1;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Return the members this node was given to join, itself aside, while it is alone.
	 * @return the members, as configured, or an empty list when it is not alone
	 */
	public List<String> getUnreachableMembers() {
		return isAlone() ? this.otherMembers : List.of();
	}

	void check() {
		if (this.closed || !this.hazelcast.getLifecycleService().isRunning()) {
			return;
		}
		Address self = this.hazelcast.getCluster().getLocalMember().getAddress();
		this.otherMembers = otherMembers(this.hazelcast.getConfig().getNetworkConfig().getJoin().getTcpIpConfig(),
				self);
		this.graceOver = true;
		if (isAlone()) {
			logger.warn("This node (" + self.getHost() + ":" + self.getPort() + ") reached none of the members it "
					+ "was given to join within " + this.gracePeriod.toMillis() + " ms of starting: "
					+ String.join(", ", this.otherMembers) + ". It forms a cluster of its own, whose services "
					+ "see none of theirs, until one of them joins. Check that they run with the same "
					+ "dispatch.pubsub.name and that this node can reach their ports (a member given without a "
					+ "port means ports 5701 to 5703).");
		}
	}

	private static List<String> otherMembers(TcpIpConfig tcpIp, Address self) {
		List<String> others = new ArrayList<>();
		if (!tcpIp.isEnabled()) {
			return others;
		}
		for (String entry : tcpIp.getMembers()) {
			for (String member : entry.split("[,;\\s]+")) {
				if (!member.isEmpty() && !isSelf(member, self)) {
					others.add(member);
				}
			}
		}
		return others;
	}

	private static boolean isSelf(String member, Address self) {
		try {
			AddressUtil.AddressHolder holder = AddressUtil.getAddressHolder(member);
			return holder.getPort() == self.getPort()
					&& InetAddress.getByName(holder.getAddress()).equals(self.getInetAddress());
		}
		catch (UnknownHostException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
