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
import com.hazelcast.replicatedmap.impl.record.ReplicatedRecord;
import com.hazelcast.replicatedmap.impl.record.ReplicatedRecordStore;
import org.jspecify.annotations.Nullable;

import dev.dispatch.messaging.UntrustedData;

/**
 * Reads the services map as this member stores it, without Hazelcast's deserializer: any
 * member may put any key and value in the map, and only {@code String} keys and
 * {@code byte[]} values are read. The only place where the registry touches Hazelcast's
 * internals.
 * <p>
 * With the map's in-memory format {@code BINARY}, the records hold serialized values
 * that nothing has deserialized; with {@code OBJECT}, Hazelcast has already deserialized
 * them on arrival, and the strings and byte arrays among them are taken as they are.
 *
 * @author Dispatch team
 */
final class RawServiceEntries {

	private final ReplicatedMapService service;

	private final String name;

	private final UntrustedData untrusted;

	RawServiceEntries(ReplicatedMap<?, ?> map, UntrustedData untrusted) {
		this.service = ((ReplicatedMapProxy<?, ?>) map).getService();
		this.name = map.getName();
		this.untrusted = untrusted;
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
				visitor.visit(string(record.getKeyInternal()), bytes(record.getValueInternal()));
			}
		}
	}

	/**
	 * Return the value of an entry in this member's copy of the map.
	 * @param key the key
	 * @return the value, or {@code null} if there is none or it is not a {@code byte[]}
	 */
	byte @Nullable [] get(String key) {
		ReplicatedRecordStore store = this.service.getReplicatedRecordStore(this.name, false, key);
		ReplicatedRecord<?, ?> record = (store != null) ? store.getReplicatedRecord(key) : null;
		return (record != null) ? bytes(record.getValueInternal()) : null;
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
	 * @return the value, or {@code null} if it is not a {@code byte[]}
	 */
	byte @Nullable [] value(EntryEvent<?, ?> event) {
		return (event instanceof DataAwareEntryEvent<?, ?> aware) ? this.untrusted.bytes(aware.getNewValueData())
				: null;
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
