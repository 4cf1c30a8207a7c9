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

package dev.dispatch;

/**
 * Published on a service's own node whenever the keys it owns change on that node's ring,
 * for every service of the node, whether it keeps state or not: an application that keeps
 * replicas can repair them from it, even after a crash of another node.
 *
 * @param service the service of this node
 * @param gained the keys it owns now and did not own before
 * @param lost the keys it owned before and does not own now
 * @author Dispatch team
 * @since 0.1.0
 */
public record OwnershipChangedEvent(ServiceRef service, KeyRanges gained, KeyRanges lost) {

}
