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

package dev.dispatch.autoconfigure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.internal.util.AddressUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Lets a member whose members to join all refuse connections form its cluster at once.
 * Hazelcast's TCP-IP joiner sends them its master question, which blacklists each refused
 * one, then blocks a fixed second on the join ({@code TcpIpJoiner}'s
 * {@code JOIN_RETRY_WAIT_TIME}, which no property sets) before it sees that all are
 * blacklisted and makes itself the master: a lone node, as the README's run command
 * starts it with members {@code 127.0.0.1} (ports 5701 to 5703), waited that second.
 * <p>
 * On {@code STARTING}, which Hazelcast fires once the member has bound its own port and
 * before it joins, this opens a connection to each member (itself aside) at once, and if
 * every one is refused, it empties the member list until {@code STARTED}, so that the
 * joiner has no one to ask and the member becomes the master without waiting; the list is
 * back before the application sees the member, for Hazelcast's later search for other
 * clusters and for {@code ClusterFormation}. Any other outcome (a member accepts, does
 * not answer within {@link #CONNECT_TIMEOUT}, cannot be resolved, or is a range) leaves
 * the join exactly as Hazelcast does it.
 * <p>
 * Why nodes started together still form one cluster: each probes only after binding its
 * own port, so of any two nodes the one that probes later finds the other listening. A
 * node that finds no one listening therefore bound its port before every other node
 * probed, and all of them find it and join it, or the cluster it is master of, as they
 * did before; at most one such node exists among nodes started together.
 *
 * @author Dispatch team
 */
final class AbsentMembersProbe implements LifecycleListener, HazelcastInstanceAware {

	/**
	 * How long a member may take to accept or refuse a connection before it counts as
	 * possibly there. A refused connection on a reachable host is immediate.
	 */
	static final Duration CONNECT_TIMEOUT = Duration.ofMillis(250);

	private static final Log logger = LogFactory.getLog(AbsentMembersProbe.class);

	private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");

	private static final Pattern IPV4_RANGE = Pattern.compile("[0-9.*-]*[*-][0-9.*-]*");

	private @Nullable HazelcastInstance hazelcast;

	private @Nullable List<String> setAside;

	/**
	 * Have a member started from {@code config} probe its members before it joins.
	 * @param config the configuration of a member about to start
	 */
	static void install(Config config) {
		config.addListenerConfig(new ListenerConfig(new AbsentMembersProbe()));
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
	}

	@Override
	public void stateChanged(LifecycleEvent event) {
		if (event.getState() == LifecycleState.STARTING) {
			starting();
		}
		else {
			restore();
		}
	}

	private void starting() {
		HazelcastInstance member = this.hazelcast;
		if (member == null) {
			return;
		}
		Config config = member.getConfig();
		JoinConfig join = config.getAdvancedNetworkConfig().isEnabled() ? config.getAdvancedNetworkConfig().getJoin()
				: config.getNetworkConfig().getJoin();
		TcpIpConfig tcpIp = join.getTcpIpConfig();
		if (!tcpIp.isEnabled() || tcpIp.getRequiredMember() != null || tcpIp.getMembers().isEmpty()) {
			return;
		}
		Address self = member.getCluster().getLocalMember().getAddress();
		List<InetSocketAddress> others = others(tcpIp.getMembers(), self);
		if (others == null || others.isEmpty() || !allRefuse(others, CONNECT_TIMEOUT)) {
			return;
		}
		logger.info("No member to join listens (" + others.stream().map(InetSocketAddress::toString).toList()
				+ " refused connections): this node (" + self.getHost() + ":" + self.getPort()
				+ ") forms a cluster of its own without waiting for them");
		this.setAside = new ArrayList<>(tcpIp.getMembers());
		tcpIp.setMembers(new ArrayList<>());
	}

	private void restore() {
		List<String> members = this.setAside;
		HazelcastInstance member = this.hazelcast;
		if (members == null || member == null) {
			return;
		}
		this.setAside = null;
		Config config = member.getConfig();
		JoinConfig join = config.getAdvancedNetworkConfig().isEnabled() ? config.getAdvancedNetworkConfig().getJoin()
				: config.getNetworkConfig().getJoin();
		join.getTcpIpConfig().setMembers(members);
	}

	/**
	 * The socket addresses of the members, this member's own aside, or {@code null} if
	 * one of them is not a single resolvable host with a port.
	 */
	static @Nullable List<InetSocketAddress> others(List<String> members, Address self) {
		List<InetSocketAddress> others = new ArrayList<>();
		for (String entry : members) {
			for (String member : SEPARATORS.split(entry.trim())) {
				if (member.isEmpty()) {
					continue;
				}
				AddressUtil.AddressHolder holder;
				try {
					holder = AddressUtil.getAddressHolder(member);
				}
				catch (RuntimeException ex) {
					return null;
				}
				String host = holder.getAddress();
				if (holder.getPort() <= 0 || IPV4_RANGE.matcher(host).matches()) {
					return null;
				}
				try {
					for (InetAddress address : InetAddress.getAllByName(host)) {
						if (!(holder.getPort() == self.getPort() && address.equals(self.getInetAddress()))) {
							others.add(new InetSocketAddress(address, holder.getPort()));
						}
					}
				}
				catch (UnknownHostException ex) {
					return null;
				}
			}
		}
		return others;
	}

	/**
	 * Connect to every address at once and tell whether all refused within the timeout.
	 */
	static boolean allRefuse(List<InetSocketAddress> addresses, Duration timeout) {
		List<SocketChannel> channels = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			int pending = 0;
			for (InetSocketAddress address : addresses) {
				SocketChannel channel = SocketChannel.open();
				channels.add(channel);
				channel.configureBlocking(false);
				if (!connect(channel, address)) {
					continue;
				}
				if (channel.isConnected()) {
					return false;
				}
				channel.register(selector, SelectionKey.OP_CONNECT);
				pending++;
			}
			long deadline = System.nanoTime() + timeout.toNanos();
			while (pending > 0) {
				long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
				if (left <= 0) {
					return false;
				}
				selector.select(left);
				for (SelectionKey key : selector.selectedKeys()) {
					if (finishConnect((SocketChannel) key.channel())) {
						return false;
					}
					key.cancel();
					pending--;
				}
				selector.selectedKeys().clear();
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		finally {
			channels.forEach(AbsentMembersProbe::close);
		}
	}

	/**
	 * Start connecting; return {@code false} if refused at once.
	 */
	private static boolean connect(SocketChannel channel, InetSocketAddress address) throws IOException {
		try {
			channel.connect(address);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
	}

	/**
	 * Finish connecting; return {@code true} unless refused.
	 */
	private static boolean finishConnect(SocketChannel channel) throws IOException {
		try {
			channel.finishConnect();
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
	}

	private static void close(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// nothing was sent on it
		}
	}

}
