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

import java.util.Iterator;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.DataAwareEntryEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.replicatedmap.impl.ReplicatedMapProxy;
import com.hazelcast.replicatedmap.impl.ReplicatedMapService;
import com.hazelcast.replicatedmap.impl.operation.PutOperation;
import com.hazelcast.replicatedmap.impl.operation.RemoveOperation;
import com.hazelcast.replicatedmap.impl.record.ReplicatedRecord;
import com.hazelcast.replicatedmap.impl.record.ReplicatedRecordStore;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.messaging.UntrustedData;
import dev.dispatch.security.Channel;
import dev.dispatch.security.ClusterSeal;

/**
 * Reads and writes the services map without Hazelcast's deserializer: any member may put
 * any key and value in the map, so only {@code String} keys and {@code byte[]} values are
 * read, and a write or removal never rebuilds the value it replaces (the map's own
 * {@code put} and {@code remove} return it, deserialized). The only place where the
 * registry touches Hazelcast's internals. With a cluster secret, values are signed with
 * their keys, and a value that is not is read as no value.
 * <p>
 * With the map's in-memory format {@code BINARY}, the records hold serialized values that
 * nothing has deserialized; with {@code OBJECT}, Hazelcast has already deserialized them
 * on arrival, and the strings and byte arrays among them are taken as they are.
 *
 * @author Dispatch team
 */
final class RawServiceEntries {

	/**
	 * What is read in place of a value that is not signed with the cluster's secret: no
	 * entry, but not a reason to forget the last authentic one, since any member can
	 * write it.
	 */
	static final byte[] UNAUTHENTIC = new byte[0];

	private final ReplicatedMapService service;

	private final NodeEngine nodeEngine;

	private final String name;

	private final UntrustedData untrusted;

	private final ClusterSeal seal;

	RawServiceEntries(ReplicatedMap<?, ?> map, UntrustedData untrusted, ClusterSeal seal) {
		ReplicatedMapProxy<?, ?> proxy = (ReplicatedMapProxy<?, ?>) map;
		this.service = proxy.getService();
		this.nodeEngine = proxy.getNodeEngine();
		this.name = map.getName();
		this.untrusted = untrusted;
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.seal = seal;
	}

	/**
	 * Write an entry, as {@code ReplicatedMap.put} does but without rebuilding the value
	 * it replaces: that value may be anything another member put there. With a cluster
	 * secret, the value is signed along with its key.
	 * @param key the key
	 * @param value the value
	 */
	void put(String key, byte[] value) {
		Data keyData = this.nodeEngine.toData(key);
		byte[] signed = this.seal.sign(Channel.SERVICE_ENTRY, key, value);
		invoke(new PutOperation(this.name, keyData, this.nodeEngine.toData(signed), 0), keyData);
	}

	/**
	 * Remove an entry, as {@code ReplicatedMap.remove} does but without rebuilding the
	 * value it removes.
	 * @param key the key
	 */
	void remove(String key) {
		Data keyData = this.nodeEngine.toData(key);
		invoke(new RemoveOperation(this.name, keyData), keyData);
	}

	private void invoke(Operation operation, Data key) {
		int partition = this.nodeEngine.getPartitionService().getPartitionId(key);
		// the answer holds the previous value as serialized data; it is dropped unread
		this.nodeEngine.getOperationService()
			.invokeOnPartition(ReplicatedMapService.SERVICE_NAME, operation, partition)
			.joinInternal();
	}

	/**
	 * Visit every entry of this member's copy of the map.
	 * @param visitor what to do with each entry
	 */
	void forEach(Visitor visitor) {
		for (ReplicatedRecordStore store : this.service.getAllReplicatedRecordStores(this.name)) {
			Iterator<ReplicatedRecord> records = store.recordIterator();
			while (records.hasNext()) {
				ReplicatedRecord<?, ?> record = records.next();
				String key = string(record.getKeyInternal());
				visitor.visit(key, verified(key, bytes(record.getValueInternal()), false));
			}
		}
	}

	/**
	 * Return the value of an entry in this member's copy of the map.
	 * @param key the key
	 * @return the value, {@code null} if there is none or it is not a {@code byte[]}, or
	 * {@link #UNAUTHENTIC} if it is not signed with the cluster's secret
	 */
	byte @Nullable [] get(String key) {
		ReplicatedRecordStore store = this.service.getReplicatedRecordStore(this.name, false, key);
		ReplicatedRecord<?, ?> record = (store != null) ? store.getReplicatedRecord(key) : null;
		return (record != null) ? verified(key, bytes(record.getValueInternal()), false) : null;
	}

	/**
	 * Return the key of an entry event.
	 * @param event the event
	 * @return the key, or {@code null} if it is not a {@code String}
	 */
	@Nullable String key(EntryEvent<?, ?> event) {
		return (event instanceof DataAwareEntryEvent<?, ?> aware) ? this.untrusted.string(aware.getKeyData()) : null;
	}

	/**
	 * Return the new value of an entry event.
	 * @param event the event
	 * @return the value, {@code null} if it is not a {@code byte[]}, or
	 * {@link #UNAUTHENTIC} if it is not signed with the cluster's secret (a refusal that
	 * is counted)
	 */
	byte @Nullable [] value(EntryEvent<?, ?> event) {
		return (event instanceof DataAwareEntryEvent<?, ?> aware)
				? verified(key(event), this.untrusted.bytes(aware.getNewValueData()), true) : null;
	}

	private byte @Nullable [] verified(@Nullable String key, byte @Nullable [] signed, boolean count) {
		if (key == null || signed == null) {
			return null;
		}
		byte[] value = this.seal.verify(Channel.SERVICE_ENTRY, key, signed, count);
		return (value != null) ? value : UNAUTHENTIC;
	}

	private @Nullable String string(@Nullable Object raw) {
		if (raw instanceof Data data) {
			return this.untrusted.string(data);
		}
		return (raw instanceof String string) ? string : null;
	}

	private byte @Nullable [] bytes(@Nullable Object raw) {
		if (raw instanceof Data data) {
			return this.untrusted.bytes(data);
		}
		return (raw instanceof byte[] bytes) ? bytes.clone() : null;
	}

	/**
	 * What to do with an entry.
	 */
	@FunctionalInterface
	interface Visitor {

		/**
		 * Visit an entry.
		 * @param key the key, or {@code null} if it is not a {@code String}
		 * @param value the value, or {@code null} if it is not a {@code byte[]}
		 */
		void visit(@Nullable String key, byte @Nullable [] value);

	}

}
