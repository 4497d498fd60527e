/* SPDX-License-Identifier: MIT */
/* Symbol visibility: CK_API marks the public interface of libclusterkin. */
#ifndef CK_EXPORT_H
#define CK_EXPORT_H

#if defined(CK_STATIC)
#define CK_API
#elif defined(CK_BUILDING_LIBRARY)
#define CK_API __attribute__((visibility("default")))
#else
#define CK_API
#endif

#endif /* CK_EXPORT_H */
